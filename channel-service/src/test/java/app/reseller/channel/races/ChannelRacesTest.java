package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import app.reseller.channel.CleanWhapiPerTest;
import app.reseller.infra.Race;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
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
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race-and-fault suite for the channel aggregate: every writer of a channel row racing a
 * delete, many rounds, against the real PostgreSQL, Kafka and the WHAPI sandbox. After every round
 * the channel's invariants are checked: a deleted channel stays deleted and frees its slot, one
 * ChannelDeleted, every extension settled exactly once and before the ChannelDeleted.
 */
@ChannelTest
class ChannelRacesTest extends CleanWhapiPerTest {

    private static final int ROUNDS = 12;

    /** Seen: DELETE racing 11 syncs brought the channel back ACTIVE, holding the plan's only slot. */
    @Test
    void aDeletedChannelNeverComesBackWhileSyncsRace() {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        for (int round = 0; round < ROUNDS; round++) {
            String channelId = createChannel(customer, "race " + round);
            List<Callable<Integer>> writers = new ArrayList<>();
            writers.add(() -> asCustomer(customer).delete("/channels/" + channelId).then().extract().statusCode());
            writers.addAll(Race.copies(11, () -> asCustomer(customer).post("/channels/" + channelId + "/sync")
                    .then().extract().statusCode()));
            List<Race.Outcome<Integer>> outcomes = Race.run(writers);

            assertEquals(204, outcomes.get(0).value(), "round " + round + ": the delete");
            for (Race.Outcome<Integer> sync : outcomes.subList(1, outcomes.size())) {
                assertTrue(Set.of(200, 404, 409).contains(sync.value()),
                        "round " + round + ": a sync racing the delete answers 200, 404 or 409, not " + sync.value());
            }
            assertStaysDeleted(customer, channelId, round);
        }
    }

    /**
     * Every other writer of the row at once: syncs, WHAPI's login webhooks and an extension in the
     * executor, racing the delete. The extension is settled once, before the ChannelDeleted.
     */
    @Test
    void aDeleteRacingWebhooksSyncsAndAnExtensionSettlesEverythingOnce() {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        for (int round = 0; round < ROUNDS; round++) {
            String channelId = createChannel(customer, "all writers " + round);
            String whapiId = whapiIdOf(channelId);
            // the extend is slow by a different amount each round, so the delete meets it before, during and after the call
            latency("POST", "/manager/channels/" + whapiId + "/extend", 90 * round, 1);
            UUID requestId = UUID.randomUUID();
            requestExtension(requestId, channelId, customer, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> DB.number("select count(*) from extension_request where request_id = '"
                    + requestId + "'") == 1);
            List<Callable<Integer>> writers = new ArrayList<>();
            writers.add(() -> asCustomer(customer).delete("/channels/" + channelId).then().extract().statusCode());
            writers.addAll(Race.copies(3, () -> asCustomer(customer).post("/channels/" + channelId + "/sync")
                    .then().extract().statusCode()));
            writers.addAll(Race.copies(2, () -> sandbox().post("/_sandbox/whapi/channels/" + whapiId + "/login")
                    .then().extract().statusCode()));
            List<Race.Outcome<Integer>> outcomes = Race.run(writers);

            int delete = outcomes.get(0).value();
            if (delete == 503) { // an extend started after the take-over: the repeated delete settles it first
                delete = asCustomer(customer).delete("/channels/" + channelId).then().extract().statusCode();
            }
            assertEquals(204, delete, "round " + round + ": the delete");
            await().atMost(Duration.ofSeconds(20)).until(() -> channelEventTypes(channelId).contains(ChannelDeleted.TYPE));
            // the request arrived before or after the delete: either way it is settled, once
            await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from extension_request where request_id = '"
                    + requestId + "' and state in ('EXTENDED', 'FAILED')") == 1);
            assertStaysDeleted(customer, channelId, round);
            List<String> types = channelEventTypes(channelId);
            long settled = types.stream().filter(t -> t.equals(ChannelExtended.TYPE) || t.equals(ChannelExtensionFailed.TYPE)).count();
            assertEquals(1, settled, "round " + round + ": the extension is settled exactly once: " + types);
        }
    }

    /** After a round: gone for the customer, DELETED in the database, one ChannelDeleted last among the settling events, slot free. */
    private static void assertStaysDeleted(String customer, String channelId, int round) {
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() ->
                asCustomer(customer).get("/channels/" + channelId).then().extract().statusCode() == 404);
        assertEquals(List.of("DELETED"), DB.strings("select state from channel where id = '" + channelId + "'"),
                "round " + round);
        List<String> listed = asCustomer(customer).get("/channels").then().statusCode(200).extract().jsonPath().getList("id");
        assertTrue(!listed.contains(channelId), "round " + round + ": a deleted channel is not listed");
        asCustomer(customer).delete("/channels/" + channelId).then().statusCode(404);
        await().atMost(Duration.ofSeconds(10)).until(() -> channelEventTypes(channelId).contains(ChannelDeleted.TYPE));
        List<String> types = channelEventTypes(channelId);
        assertEquals(1, types.stream().filter(ChannelDeleted.TYPE::equals).count(), "round " + round + ": one ChannelDeleted: " + types);
        int deletedAt = types.indexOf(ChannelDeleted.TYPE);
        assertTrue(types.subList(deletedAt, types.size()).stream().noneMatch(t -> t.equals(ChannelExtended.TYPE)
                || t.equals(ChannelExtensionFailed.TYPE)), "round " + round + ": no extension is settled after the delete: " + types);
    }
}
