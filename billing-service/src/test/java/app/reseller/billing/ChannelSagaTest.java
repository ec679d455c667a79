package app.reseller.billing;

import app.reseller.platform.events.contract.BillingEvents.ChannelExtensionRequested;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageReceived;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageStatusChanged;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.consumed;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.send;
import static app.reseller.billing.BillingTestSupport.strings;
import static app.reseller.billing.BillingTestSupport.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The extension saga through Kafka: reserve -> ChannelExtended confirms; ChannelExtensionFailed
 * releases; ChannelDeleted refunds. Every channel event is delivered twice; the second changes nothing.
 */
@BillingTest
class ChannelSagaTest {

    @Test
    void reserveConfirmReleaseRefundEachEventTwice() throws Exception {
        String customer = unique("saga");
        String channel = customer + "-ch";
        LedgerInvariantsTest.topUpPool(200);
        LedgerInvariantsTest.allocate(customer, 60);
        twice(publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "shop", "trial",
                Instant.now().plus(5, ChronoUnit.DAYS))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from billing_channel where channel_id = '" + channel + "'") == 1);

        // reserve: the days leave the customer at once, and channel-service is asked to extend
        UUID first = extend(channel, 30);
        assertEquals(30, balance(Accounts.customer(customer)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !billingEvents(ChannelExtensionRequested.TYPE, customer).isEmpty());
        ChannelExtensionRequested requested = JSON.readValue(
                billingEvents(ChannelExtensionRequested.TYPE, customer).get(0).value(), ChannelExtensionRequested.class);
        assertEquals(new ChannelExtensionRequested(first, channel, customer, 30, "saga test"), requested);

        // confirm
        Instant till = Instant.now().plus(35, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        twice(publishChannelEvent(channel, ChannelExtended.TYPE, new ChannelExtended(first, channel, 30, till)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(first)));
        assertEquals(30, balance(Accounts.customer(customer)));
        assertEquals(30, balance(Accounts.channel(channel)));

        // release
        UUID second = extend(channel, 30);
        assertEquals(0, balance(Accounts.customer(customer)));
        twice(publishChannelEvent(channel, ChannelExtensionFailed.TYPE, new ChannelExtensionFailed(second, channel, "WHAPI 403", false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RELEASED".equals(status(second)));
        awaitConsumed();
        assertEquals(30, balance(Accounts.customer(customer)), "the reserved days came back once");
        assertEquals(1, number("select count(*) from ledger_transfer where kind = 'RELEASE' and channel_id = '" + channel + "'"));

        // refund
        twice(publishChannelEvent(channel, ChannelDeleted.TYPE, new ChannelDeleted(channel, customer, 20)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from ledger_transfer where kind = 'REFUND' and channel_id = '" + channel + "'") == 1);
        awaitConsumed();
        assertEquals(50, balance(Accounts.customer(customer)));
        assertEquals(10, balance(Accounts.channel(channel)));
        assertEquals(1, number("select count(*) from ledger_transfer where kind = 'REFUND' and channel_id = '" + channel + "'"));
        assertEquals("true", strings("select deleted::text from billing_channel where channel_id = '" + channel + "'").get(0));
    }

    @Test
    void aDeletedChannelNeverRefundsMoreThanWasSpentOnIt() {
        String customer = unique("saga-cap");
        String channel = customer + "-ch";
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "x", "trial", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from billing_channel where channel_id = '" + channel + "'") == 1);
        publishChannelEvent(channel, ChannelDeleted.TYPE, new ChannelDeleted(channel, customer, 4)); // trial days only
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "true".equals(strings("select deleted::text from billing_channel where channel_id = '" + channel + "'").get(0)));
        assertEquals(0, balance(Accounts.customer(customer)), "trial days were never paid for");
    }

    @Test
    void aChannelBillingHasNotHeardOfYetIsARetryableConflictNeverNotFound() {
        String customer = unique("early");
        String channel = UUID.randomUUID().toString(); // as channel-service names its channels
        LedgerInvariantsTest.topUpPool(20);
        LedgerInvariantsTest.allocate(customer, 10);

        // channel-service has created it, but its ChannelCreated has not reached billing yet
        asAdmin().body(Map.of("channelId", channel, "days", 3, "comment", "too early")).post("/ledger/extensions")
                .then().statusCode(409).contentType("application/problem+json").header("Retry-After", "2")
                .body("type", org.hamcrest.Matchers.is("urn:reseller:problem:channel-not-yet-known"))
                .body("channelId", org.hamcrest.Matchers.is(channel));
        assertEquals(0, number("select count(*) from ledger_transfer where channel_id = '" + channel + "'"), "nothing reserved");
        assertEquals(10, balance(Accounts.customer(customer)));

        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "shop", "trial", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from billing_channel where channel_id = '" + channel + "'") == 1);
        extend(channel, 3); // the retry the answer asked for
        assertEquals(7, balance(Accounts.customer(customer)));
    }

    /**
     * A channel's messages and their statuses share channel.events with the saga's events: billing acknowledges
     * them without a transaction (no processed_event row, counted "ignored"), and the channel's next saga event
     * behind them on its partition is applied as before.
     */
    @Test
    void aChannelsMessagesCostBillingNoTransaction() {
        String customer = unique("chatty");
        String channel = customer + "-ch";
        double ignoredBefore = consumed("ignored");
        UUID message = UUID.randomUUID();
        Instant now = Instant.now();
        java.util.List<String> messageEvents = java.util.List.of(
                eventId(publishChannelEvent(channel, ChannelMessageReceived.TYPE, new ChannelMessageReceived(message, channel,
                        customer, "6281@s.whatsapp.net", "text", "hello", null, null, "wamid-1", now))),
                eventId(publishChannelEvent(channel, ChannelMessageStatusChanged.TYPE, new ChannelMessageStatusChanged(
                        UUID.randomUUID(), channel, customer, "wamid-2", null, "read", "READ", now))));
        // same key, same partition: once the ChannelCreated behind them is applied, both were consumed
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "shop", "trial", now));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from billing_channel where channel_id = '" + channel + "'") == 1);

        assertEquals(0, number("select count(*) from processed_event where event_id in ('" + String.join("', '", messageEvents) + "')"),
                "no transaction recorded them");
        assertEquals(2, consumed("ignored") - ignoredBefore, 0.0, "both acknowledged as not billing's");
    }

    private static String eventId(ProducerRecord<String, String> record) {
        return new String(record.headers().lastHeader("ce_id").value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static UUID extend(String channel, int days) {
        return UUID.fromString(asAdmin().body(Map.of("channelId", channel, "days", days, "comment", "saga test"))
                .post("/ledger/extensions").then().statusCode(202).extract().jsonPath().getString("requestId"));
    }

    private static String status(UUID requestId) {
        var rows = strings("select status from ledger_transfer where request_id = '" + requestId + "'");
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static void twice(ProducerRecord<String, String> record) {
        send(record); // the same record (same CloudEvent id) once more
    }

    /**
     * Waits until the consumer has caught up (every record seen, duplicates included): its count of
     * consumed records stays the same for a second.
     */
    private static void awaitConsumed() {
        double[] last = {-1};
        await().pollInterval(Duration.ofMillis(300)).during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(60)).until(() -> {
            double now = consumed("applied") + consumed("duplicate");
            boolean unchanged = now == last[0];
            last[0] = now;
            return unchanged;
        });
    }
}
