package app.reseller.messaging;

import app.reseller.infra.TestEvents;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.publish;
import static app.reseller.messaging.MessagingTestSupport.wire;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Notification rules: a platform event sends its template to the customer once, and a replayed event sends nothing. */
@MessagingTest
class ReplayedEventSendsNothingTwiceTest {

    /**
     * Wappin took the notification. Not ACCEPTED alone: the sandbox's status callbacks (SENT,
     * DELIVERED, READ) follow within milliseconds, so on a busy machine a poll can miss ACCEPTED
     * and wait forever (this test's CI failures: the message was READ a second after the event).
     */
    private static final String ACCEPTED_OR_LATER = "('ACCEPTED', 'SENT', 'DELIVERED', 'READ')";

    @Test
    void aReplayedBalanceLowSendsNoSecondNotification() {
        asAdmin().body(Map.of("template", "templ_uat_2", "params", List.of("{customerId}", "{balanceDays} days left")))
                .put("/admin/notification-rules/BalanceLow").then().statusCode(200).body("enabled", is(true));
        String customer = newCustomer();
        asCustomer(customer).body(Map.of("phone", "0812-6666-6666")).put("/customers/" + customer + "/contact")
                .then().statusCode(200).body("phone", is("6281266666666"));

        ProducerRecord<String, String> balanceLow = publish("billing.events", customer, "billing.BalanceLow.v1",
                Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        awaitExplained(customer, () -> DB.number("select count(*) from outbound_message where customer_id = '"
                + customer + "' and status in " + ACCEPTED_OR_LATER) == 1);
        assertEquals("{\"1\": \"" + customer + "\", \"2\": \"2 days left\"}",
                DB.strings("select params::text from outbound_message where customer_id = '" + customer + "'").get(0));
        long sends = sendsTo("6281266666666");
        assertEquals(1, sends);

        double duplicatesBefore = duplicates();
        TestEvents.send(balanceLow); // the same event again: a redelivery, or a replay from offset 0
        TestEvents.send(balanceLow);
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() - duplicatesBefore >= 2);
        assertEquals(1, DB.number("select count(*) from outbound_message where customer_id = '" + customer + "'"));
        assertEquals(sends, sendsTo("6281266666666"), "no second notification went to Wappin");
    }

    @Test
    void aChannelEventReachesTheChannelsOwner() {
        asAdmin().body(Map.of("template", "templ_uat_2", "params", List.of("{channelId}", "{days}")))
                .put("/admin/notification-rules/ChannelExtended").then().statusCode(200);
        String customer = newCustomer();
        asAdmin().body(Map.of("phone", "+6281277777777")).put("/customers/" + customer + "/contact").then().statusCode(200);
        String channel = java.util.UUID.randomUUID().toString();
        publish("channel.events", channel, "channel.ChannelCreated.v1",
                Map.of("channelId", channel, "customerId", customer, "name", "x", "mode", "TRIAL"));
        publish("channel.events", channel, "channel.ChannelExtended.v1",
                Map.of("requestId", java.util.UUID.randomUUID(), "channelId", channel, "days", 30));
        awaitExplained(customer, () -> DB.number("select count(*) from outbound_message where customer_id = '"
                + customer + "' and recipient = '6281277777777' and status in " + ACCEPTED_OR_LATER) == 1);
    }

    /** Waits for the notification; when it does not come, says where it stopped (the event, the row, the wire). */
    private static void awaitExplained(String customer, java.util.concurrent.Callable<Boolean> sent) {
        try {
            await().atMost(Duration.ofSeconds(20)).until(sent);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder state = new StringBuilder("no notification sent for " + customer + " at " + java.time.Instant.now());
            DB.strings("select concat_ws(' ', consumer, event_type, processed_at) from processed_event"
                    + " where processed_at > now() - interval '30 seconds' order by processed_at").forEach(r -> state.append("\n  processed: ").append(r));
            DB.strings("select concat_ws(' ', id, kind, status, attempts, created_at, next_attempt_at, send_started_at, failure)"
                    + " from outbound_message where customer_id = '" + customer + "' or status = 'PENDING'")
                    .forEach(r -> state.append("\n  message: ").append(r));
            DB.strings("select concat_ws(' ', event_type, template, enabled) from notification_rule")
                    .forEach(r -> state.append("\n  rule: ").append(r));
            List<app.reseller.infra.RecordingProxy.Exchange> wire = wire().exchanges();
            wire.subList(Math.max(0, wire.size() - 8), wire.size()).forEach(w -> state.append("\n  wire: ").append(w.method())
                    .append(' ').append(w.path()).append(' ').append(w.requestText().length() > 120 ? w.requestText().substring(0, 120) : w.requestText()));
            throw new AssertionError(state.toString(), e);
        }
    }

    private static long sendsTo(String number) {
        return wire().count(e -> e.path().endsWith("/do-send-hsm") && e.requestText().contains(number));
    }

    private static double duplicates() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("events_consumed_total\\{consumer=\"messaging.billing-events\",outcome=\"duplicate\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
