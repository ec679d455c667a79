package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import app.reseller.channel.CleanWhapiPerTest;
import app.reseller.infra.Race;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import app.reseller.platform.events.contract.ChannelEvents.ChannelPaused;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.channelEventTypes;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.latency;
import static app.reseller.channel.ChannelTestSupport.requestExtension;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.awaitility.Awaitility.await;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pause racing every other writer of the channel: an extension in the executor (slow by a
 * different amount each round, so the pause meets it before, during and after WHAPI's call), a
 * delete, syncs and WHAPI's login webhooks. After every round the days are exact against WHAPI's
 * partner balance: what it withdrew on the stop and the delete is what our events say, less what
 * the extension took if and only if we say it was applied.
 */
@ChannelTest
class PauseRacesTest extends CleanWhapiPerTest {

    private static final int ROUNDS = 12;

    @Test
    void aPauseRacingAnExtensionADeleteSyncsAndWebhooksKeepsEveryDayAccountedFor() {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        for (int round = 0; round < ROUNDS; round++) {
            String channelId = createChannel(customer, "pause race " + round);
            String whapiId = whapiIdOf(channelId);
            long partnerBefore = partnerBalance();
            latency("POST", "/manager/channels/" + whapiId + "/extend", 60 * round, 1);
            UUID requestId = UUID.randomUUID();
            requestExtension(requestId, channelId, customer, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> DB.number("select count(*) from extension_request where request_id = '"
                    + requestId + "'") == 1);

            List<Callable<Integer>> writers = new ArrayList<>();
            writers.add(() -> asCustomer(customer).post("/channels/" + channelId + "/pause").then().extract().statusCode());
            writers.add(() -> asCustomer(customer).delete("/channels/" + channelId).then().extract().statusCode());
            writers.addAll(Race.copies(2, () -> asCustomer(customer).post("/channels/" + channelId + "/sync").then().extract().statusCode()));
            writers.add(() -> sandbox().post("/_sandbox/whapi/channels/" + whapiId + "/login").then().extract().statusCode());
            List<Race.Outcome<Integer>> outcomes = Race.run(writers);
            int pause = outcomes.get(0).value();
            int delete = outcomes.get(1).value();
            String round_ = "round " + round + " (pause " + pause + ", delete " + delete + ")";
            assertTrue(Set.of(200, 404, 409, 503).contains(pause), round_);
            assertTrue(Set.of(204, 409, 503).contains(delete), round_);
            for (Race.Outcome<Integer> sync : outcomes.subList(2, 4)) {
                assertTrue(Set.of(200, 404, 409).contains(sync.value()), round_ + ": a sync answers " + sync.value());
            }

            // whoever lost finishes: a pause answered 503 (an extend started after its take-over) is repeated, and the
            // channel is deleted in the end (a delete meeting a pause under way was told 409)
            if (pause == 503) {
                await().atMost(Duration.ofSeconds(20)).until(() -> asCustomer(customer).post("/channels/" + channelId + "/pause")
                        .then().extract().statusCode() != 503);
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> Set.of(204, 404).contains(
                    asCustomer(customer).delete("/channels/" + channelId).then().extract().statusCode()));
            await().atMost(Duration.ofSeconds(20)).until(() -> channelEventTypes(channelId).contains(ChannelDeleted.TYPE));
            await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from extension_request where request_id = '"
                    + requestId + "' and state in ('EXTENDED', 'FAILED')") == 1);

            List<String> types = channelEventTypes(channelId);
            long settled = types.stream().filter(t -> t.equals(ChannelExtended.TYPE) || t.equals(ChannelExtensionFailed.TYPE)).count();
            assertEquals(1, settled, round_ + ": the extension is settled exactly once: " + types);
            assertTrue(types.stream().filter(ChannelPaused.TYPE::equals).count() <= 1, round_ + ": at most one ChannelPaused: " + types);
            assertEquals(1, types.stream().filter(ChannelDeleted.TYPE::equals).count(), round_ + ": one ChannelDeleted: " + types);
            int stopped = types.contains(ChannelPaused.TYPE) ? types.indexOf(ChannelPaused.TYPE) : types.indexOf(ChannelDeleted.TYPE);
            int extension = Math.max(types.indexOf(ChannelExtended.TYPE), types.indexOf(ChannelExtensionFailed.TYPE));
            assertTrue(extension < stopped, round_ + ": the extension is settled before the channel stops: " + types);
            assertEquals(List.of("DELETED"), DB.strings("select state from channel where id = '" + channelId + "'"), round_);

            long extended = types.contains(ChannelExtended.TYPE) ? 3 : 0;
            long saved = number("select coalesce(sum((payload->>'savedDays')::int), 0) from outbox_event where aggregateid = '" + channelId
                    + "' and type = '" + ChannelPaused.TYPE + "'");
            long unused = number("select (payload->>'unusedDays')::int from outbox_event where aggregateid = '" + channelId
                    + "' and type = '" + ChannelDeleted.TYPE + "'");
            assertEquals(partnerBalance() - partnerBefore, saved + unused - extended,
                    round_ + ": WHAPI's partner balance moved by what our events say (saved " + saved + ", unused " + unused
                            + ", extended " + extended + "): " + types);
        }
    }

    private static long number(String sql) {
        return DB.number(sql);
    }

    private static long partnerBalance() {
        return sandbox().get("/_sandbox/whapi/partner").then().extract().jsonPath().getLong("balanceDays");
    }
}
