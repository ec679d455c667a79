package app.reseller.channel.service;

import app.reseller.channel.ChannelTest;
import app.reseller.channel.CleanWhapiPerTest;
import app.reseller.infra.Race;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.latency;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.channel.ChannelTestSupport.wire;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * TRIAL -> LIVE is asked of WHAPI once per channel (WHAPI restarts a channel on each mode change),
 * whether the extension's own promotion and the mode sweep run at the same moment, or the sweep
 * alone settles a promotion that failed a while ago.
 */
@ChannelTest
class ModePromotionRacesTest extends CleanWhapiPerTest {

    private static final int ROUNDS = 8;

    @Inject
    ModePromoter promoter;

    @Test
    void aFreshlyPaidChannelIsPromotedOnceWhileTheSweepRuns() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            String channelId = paidTrialChannel("fresh " + round, "now()");
            String whapiId = whapiIdOf(channelId);
            latency("PATCH", "/manager/channels/" + whapiId + "/mode", 200 + 20 * round, 1); // a slow answer widens the window
            List<Callable<Object>> writers = new ArrayList<>();
            writers.add(() -> awaited(() -> promoter.promote(UUID.fromString(channelId))));
            writers.addAll(Race.copies(3, () -> awaited(promoter::sweepOnce)));
            Race.run(writers);
            assertEquals(1, modeChanges(whapiId), "round " + round + ": WHAPI asked once");
            assertEquals(List.of("LIVE"), DB.strings("select mode from channel where id = '" + channelId + "'"));
        }
    }

    @Test
    void theSweepPromotesAChannelWhosePromotionFailedAWhileAgo() throws Throwable {
        String channelId = paidTrialChannel("failed promotion", "now() - interval '10 minutes'");
        VertxContextSupport.subscribeAndAwait(() -> promoter.sweepOnce());
        assertEquals(1, modeChanges(whapiIdOf(channelId)));
        assertEquals(List.of("LIVE"), DB.strings("select mode from channel where id = '" + channelId + "'"));
    }

    /** A TRIAL channel marked paid, as a first paid extension leaves it, last changed at {@code changedAt} (SQL). */
    private static String paidTrialChannel(String name, String changedAt) {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        String channelId = createChannel(customer, name);
        DB.execute("update channel set paid = true, updated_at = " + changedAt + " where id = '" + channelId + "'");
        assertEquals(List.of("TRIAL"), DB.strings("select mode from channel where id = '" + channelId + "'"));
        return channelId;
    }

    private static Object awaited(java.util.function.Supplier<io.smallrye.mutiny.Uni<Void>> work) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable t) {
            throw new Exception(t);
        }
    }

    private static long modeChanges(String whapiId) {
        return wire().count(e -> e.method().equals("PATCH") && e.path().endsWith("/channels/" + whapiId + "/mode"));
    }
}
