package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import app.reseller.channel.CleanWhapiPerTest;
import app.reseller.channel.service.ExtensionExecutor;
import app.reseller.infra.Race;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.activeTillAtWhapi;
import static app.reseller.channel.ChannelTestSupport.channelEventTypes;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.data;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.extensionsAtWhapi;
import static app.reseller.channel.ChannelTestSupport.latency;
import static app.reseller.channel.ChannelTestSupport.requestExtension;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race-and-fault suite for extension requests: executor replicas racing for one request
 * against a WHAPI slower than the lease (1 s in tests), and a delete meeting an extend in flight.
 */
@ChannelTest
class ExtensionLeaseRacesTest extends CleanWhapiPerTest {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final int ROUNDS = 12;

    @Inject
    ExtensionExecutor executor;

    /**
     * Replica A's extend outlives its lease; replica B (and the scheduled executor) take the request
     * over. B only verifies, A's late writes are fenced out: exactly one extend, one ChannelExtended.
     */
    @Test
    void twoReplicasAgainstAWhapiSlowerThanTheLeaseExtendExactlyOnce() {
        String customer = newCustomer();
        entitle(customer, ROUNDS + 1, 1000);
        for (int round = 0; round < ROUNDS; round++) {
            String channelId = createChannel(customer, "lease " + round);
            String whapiId = whapiIdOf(channelId);
            long before = activeTillAtWhapi(whapiId);
            latency("POST", "/manager/channels/" + whapiId + "/extend", 1100 + 20 * round, 1); // longer than the 1 s lease
            UUID requestId = UUID.randomUUID();
            requestExtension(requestId, channelId, customer, 2);

            Callable<Integer> replica = () -> {
                Instant giveUp = Instant.now().plusSeconds(30);
                while (!settled(requestId) && Instant.now().isBefore(giveUp)) {
                    runOnce();
                    Thread.sleep(50);
                }
                return 0;
            };
            List<Race.Outcome<Integer>> outcomes = Race.run(List.of(replica, replica));
            outcomes.forEach(o -> assertTrue(!o.failed(), "a replica failed: " + o.failure()));

            final int r = round;
            await().atMost(Duration.ofSeconds(10)).until(() -> count(ChannelExtended.TYPE, channelId) == 1);
            // replica A's late answer arrives within the slowest latency: nothing more happens
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() ->
                    extensionsAtWhapi(whapiId) == 1 && count(ChannelExtended.TYPE, channelId) == 1);
            assertEquals(before + 2 * DAY_MS, activeTillAtWhapi(whapiId), "round " + r + ": the days were added once");
            assertEquals(0, count(ChannelExtensionFailed.TYPE, channelId), "round " + r);
            assertEquals(List.of("EXTENDED"), DB.strings("select state from extension_request where request_id = '" + requestId + "'"));
            assertEquals(before, DB.number("select (extract(epoch from active_till_before) * 1000)::bigint from extension_request "
                    + "where request_id = '" + requestId + "'"), "round " + r + ": the first activeTillBefore is kept");
        }
    }

    /**
     * Seen: an admin extension in flight (WHAPI answering 6 s late) when the customer deletes the
     * channel. The delete settles the extension first (from WHAPI's activeTill), then emits
     * ChannelDeleted; the executor's late answer changes nothing.
     */
    @Test
    void aDeleteDuringAnExtendInFlightSettlesTheExtensionFirstAndOnce() {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        String channelId = createChannel(customer, "delete during extend");
        String whapiId = whapiIdOf(channelId);
        latency("POST", "/manager/channels/" + whapiId + "/extend", 6000, 1);
        UUID requestId = UUID.randomUUID();
        requestExtension(requestId, channelId, customer, 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> DB.number("select count(*) from extension_request where request_id = '"
                + requestId + "' and call_started_at is not null") == 1);

        asCustomer(customer).delete("/channels/" + channelId).then().statusCode(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> channelEventTypes(channelId).contains(ChannelDeleted.TYPE));
        // WHAPI answers the extend late (404: the channel is gone by then): nothing more happens
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).until(() -> channelEventTypes(channelId).stream()
                .filter(t -> t.equals(ChannelExtended.TYPE) || t.equals(ChannelExtensionFailed.TYPE)).count() == 1);
        List<String> types = channelEventTypes(channelId);
        assertTrue(types.indexOf(ChannelExtensionFailed.TYPE) >= 0
                        && types.indexOf(ChannelExtensionFailed.TYPE) < types.indexOf(ChannelDeleted.TYPE),
                "the extension is settled before the delete: " + types);
        assertEquals(List.of("FAILED"), DB.strings("select state from extension_request where request_id = '" + requestId + "'"));
        long unused = data(channelEvents(ChannelDeleted.TYPE, channelId).get(0)).get("unusedDays").asLong();
        // 5 trial days, less the time that passed (the sandbox's clock may run ahead): never the 20 being extended
        assertTrue(unused == 4 || unused == 5, "only the trial days were left on the channel: " + unused);
    }

    private void runOnce() throws Exception {
        try {
            VertxContextSupport.subscribeAndAwait(() -> executor.runOnce());
        } catch (Throwable t) {
            throw new Exception(t);
        }
    }

    private static long count(String type, String channelId) {
        return channelEventTypes(channelId).stream().filter(type::equals).count();
    }

    private static boolean settled(UUID requestId) {
        return DB.number("select count(*) from extension_request where request_id = '" + requestId
                + "' and state in ('EXTENDED', 'FAILED')") == 1;
    }
}
