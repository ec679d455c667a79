package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import app.reseller.channel.CleanWhapiPerTest;
import app.reseller.channel.repository.ChannelHealthRepository;
import app.reseller.channel.repository.ChannelMessageRepository;
import app.reseller.infra.Race;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.channel.ChannelTestSupport.onVertx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The monitor's SILENT verdict and WHAPI's status for the very send it is judging, at the same
 * moment, many rounds on the real database: once the status is stored, the channel is HEALTHY,
 * whichever committed first (the verdict is taken back, or never given). Each round also has two
 * monitors racing: at most one verdict.
 */
@ChannelTest
class SilentVerdictRacesTest extends CleanWhapiPerTest {

    private static final int ROUNDS = 40;

    @Inject
    ChannelHealthRepository health;

    @Inject
    ChannelMessageRepository messages;

    @Test
    void aStatusArrivingWhileTheMonitorDecidesNeverLeavesAFlowingChannelSilent() {
        String customer = app.reseller.infra.TestCallers.newCustomer();
        String channel = linkedChannel(customer, 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> DB.number("select count(*) from channel_health where channel_id = '" + channel
                + "' and health = 'HEALTHY'") == 1);
        int silentVerdicts = 0;
        for (int round = 0; round < ROUNDS; round++) {
            DB.execute("update channel_health set health = 'HEALTHY', since = now() - interval '2 hours', flowed_at = null, restarts = 0, "
                    + "next_restart_at = null where channel_id = '" + channel + "'");
            String whapiId = "silent-race-" + UUID.randomUUID();
            DB.execute("insert into channel_message (id, channel_id, customer_id, direction, chat_id, kind, body, whapi_message_id, status, "
                    + "created_at, updated_at) values ('" + UUID.randomUUID() + "', '" + channel + "', '" + customer + "', 'OUT', "
                    + "'6281234567890@s.whatsapp.net', 'text', 'are you there?', '" + whapiId + "', 'ACCEPTED', now() - interval '1 hour', "
                    + "now() - interval '1 hour')");
            Instant now = Instant.now();
            List<Callable<Integer>> writers = new ArrayList<>();
            writers.add(() -> onVertx(() -> messages.status(whapiId, "SENT", now, now).replaceWith(0)));
            writers.addAll(Race.copies(2, () -> onVertx(() -> health.markSilent(Duration.ofMinutes(10), now))));
            List<Race.Outcome<Integer>> outcomes = Race.run(writers);
            outcomes.forEach(outcome -> assertEquals(null, outcome.failure(), "a writer failed"));
            int verdicts = outcomes.get(1).value() + outcomes.get(2).value();
            silentVerdicts += verdicts;

            assertEquals(List.of("SENT"), DB.strings("select status from channel_message where whapi_message_id = '" + whapiId + "'"));
            assertEquals(List.of("HEALTHY"), DB.strings("select health from channel_health where channel_id = '" + channel + "'"),
                    "round " + round + ": the send has its status, so the channel flows (" + verdicts + " SILENT verdict(s) this round)");
            assertEquals(true, verdicts <= 1, "round " + round + ": two monitors gave " + verdicts + " verdicts");
        }
        System.out.printf("SilentVerdictRacesTest: %d rounds, %d SILENT verdict(s) given before the status and taken back%n", ROUNDS,
                silentVerdicts);
    }
}
