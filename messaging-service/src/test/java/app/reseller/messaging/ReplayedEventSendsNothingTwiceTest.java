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

    @Test
    void aReplayedBalanceLowSendsNoSecondNotification() {
        asAdmin().body(Map.of("template", "templ_uat_2", "params", List.of("{customerId}", "{balanceDays} days left")))
                .put("/admin/notification-rules/BalanceLow").then().statusCode(200).body("enabled", is(true));
        String customer = newCustomer();
        asCustomer(customer).body(Map.of("phone", "0812-6666-6666")).put("/customers/" + customer + "/contact")
                .then().statusCode(200).body("phone", is("6281266666666"));

        ProducerRecord<String, String> balanceLow = publish("billing.events", customer, "billing.BalanceLow.v1",
                Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from outbound_message where customer_id = '"
                + customer + "' and status = 'ACCEPTED'") == 1);
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
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from outbound_message where customer_id = '"
                + customer + "' and recipient = '6281277777777' and status = 'ACCEPTED'") == 1);
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
