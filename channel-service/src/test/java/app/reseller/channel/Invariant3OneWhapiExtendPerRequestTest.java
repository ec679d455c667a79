package app.reseller.channel;

import app.reseller.infra.TestEvents;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import app.reseller.platform.events.contract.ChannelEvents.ChannelModeChanged;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.activeTillAtWhapi;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.data;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.extensionsAtWhapi;
import static app.reseller.channel.ChannelTestSupport.fault;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.channel.ChannelTestSupport.requestExtension;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariant 3: one WHAPI extend per requestId, across lost answers, redelivery and replay. */
@ChannelTest
class Invariant3OneWhapiExtendPerRequestTest extends CleanWhapiPerTest {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    @Test
    void aLostAnswerAndATripleDeliveryStillExtendExactlyOnce() {
        String customer = newCustomer();
        entitle(customer, 2, 100);
        String channelId = createChannel(customer, "lost answers");
        String whapiId = whapiIdOf(channelId);
        long before = activeTillAtWhapi(whapiId);
        // WHAPI applies the extend, but its answer never reaches us
        fault("LOST_ANSWER", "POST", "/manager/channels/" + whapiId + "/extend", null, 1);

        UUID requestId = UUID.randomUUID();
        ProducerRecord<String, String> record = requestExtension(requestId, channelId, customer, 30);
        TestEvents.send(record); // the same event delivered again ...
        TestEvents.send(record); // ... and again
        // and billing's relay publishing the request a second time under a new event id (a replay)
        requestExtension(requestId, channelId, customer, 30);

        await().atMost(Duration.ofSeconds(30)).until(() -> channelEvents(ChannelExtended.TYPE, channelId).size() == 1);
        var extended = data(channelEvents(ChannelExtended.TYPE, channelId).get(0));
        assertEquals(requestId.toString(), extended.get("requestId").asText());
        assertEquals(30, extended.get("days").asInt());

        // give every copy time to be consumed, then look at what WHAPI really did
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> extensionsAtWhapi(whapiId) == 1);
        assertEquals(1, extensionsAtWhapi(whapiId), "WHAPI extended the channel more than once");
        assertEquals(1, ChannelTestSupport.wire().count(e -> e.path().equals("/manager/channels/" + whapiId + "/extend")
                && e.status() == -1), "the extend's answer was really lost on the wire");
        assertEquals(before + 30 * DAY_MS, activeTillAtWhapi(whapiId), "the channel gained the 30 days exactly once");
        assertEquals(1, channelEvents(ChannelExtended.TYPE, channelId).size());
        assertTrue(channelEvents(ChannelExtensionFailed.TYPE, channelId).isEmpty());
        assertEquals(1, DB.number("select count(*) from extension_request where request_id = '" + requestId + "' and state = 'EXTENDED'"));
        // the first paid extension takes the channel live
        await().atMost(Duration.ofSeconds(15)).until(() -> channelEvents(ChannelModeChanged.TYPE, channelId).size() == 1);
        assertEquals("LIVE", DB.strings("select mode from channel where id = '" + channelId + "'").get(0));
    }

    @Test
    void aServerErrorThatDidNotApplyIsRetriedAndAppliedOnce() {
        String customer = newCustomer();
        entitle(customer, 2, 100);
        String channelId = createChannel(customer, "server errors");
        String whapiId = whapiIdOf(channelId);
        long before = activeTillAtWhapi(whapiId);
        fault("ERROR", "POST", "/manager/channels/" + whapiId + "/extend", 503, 2);

        UUID requestId = UUID.randomUUID();
        requestExtension(requestId, channelId, customer, 7);

        await().atMost(Duration.ofSeconds(30)).until(() -> channelEvents(ChannelExtended.TYPE, channelId).size() == 1);
        assertEquals(1, extensionsAtWhapi(whapiId));
        assertEquals(before + 7 * DAY_MS, activeTillAtWhapi(whapiId));
        assertTrue(DB.number("select attempts from extension_request where request_id = '" + requestId + "'") >= 2,
                "two failed calls were counted before the one that worked");
    }

    @Test
    void whapisExtendBlockQueuesTheRequestInsteadOfFailingIt() {
        String customer = newCustomer();
        entitle(customer, 2, 100);
        String channelId = createChannel(customer, "blocked");
        String whapiId = whapiIdOf(channelId);

        requestExtension(UUID.randomUUID(), channelId, customer, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> channelEvents(ChannelExtended.TYPE, channelId).size() == 1);

        UUID second = UUID.randomUUID();
        requestExtension(second, channelId, customer, 4);
        // WHAPI refuses the second within its block: the request waits, it does not fail
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from extension_request where request_id = '"
                + second + "' and state = 'PENDING' and last_error like '%block%'") == 1);
        assertTrue(channelEvents(ChannelExtensionFailed.TYPE, channelId).isEmpty());
        assertEquals(1, extensionsAtWhapi(whapiId));

        // once WHAPI's block is over, the queued request goes through
        sandbox().queryParam("seconds", 360).post("/_sandbox/whapi/clock/advance").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> channelEvents(ChannelExtended.TYPE, channelId).size() == 2);
        assertEquals(2, extensionsAtWhapi(whapiId));
        assertFalse(DB.strings("select state from extension_request where request_id = '" + second + "'").contains("FAILED"));
    }

    @Test
    void anExtensionForAnUnknownChannelFailsForGoodWithoutCallingWhapi() {
        String customer = newCustomer();
        String unknownChannel = UUID.randomUUID().toString();
        UUID requestId = UUID.randomUUID();
        requestExtension(requestId, unknownChannel, customer, 5);

        await().atMost(Duration.ofSeconds(20)).until(() -> channelEvents(ChannelExtensionFailed.TYPE, unknownChannel).size() == 1);
        var failed = data(channelEvents(ChannelExtensionFailed.TYPE, unknownChannel).get(0));
        assertEquals(requestId.toString(), failed.get("requestId").asText());
        assertFalse(failed.get("retryable").asBoolean());
    }
}
