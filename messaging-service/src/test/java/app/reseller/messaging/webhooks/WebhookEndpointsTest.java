package app.reseller.messaging.webhooks;

import app.reseller.messaging.MessagingTest;
import app.reseller.platform.events.contract.BillingEvents.BalanceLow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.messaging.MessagingTestSupport.publish;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answeredOk;
import static app.reseller.messaging.webhooks.WebhookTestSupport.newReceiver;
import static app.reseller.messaging.webhooks.WebhookTestSupport.received;
import static app.reseller.messaging.webhooks.WebhookTestSupport.receiverUrl;
import static app.reseller.messaging.webhooks.WebhookTestSupport.register;
import static app.reseller.messaging.webhooks.WebhookTestSupport.verifies;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint API: the secret shown once, ownership, the SSRF guard, rotation, redelivery and replay. */
@MessagingTest
class WebhookEndpointsTest {

    @Test
    void theSecretIsShownOnceAndNeverStoredInClear() {
        String customer = newCustomer();
        var endpoint = register(customer, newReceiver(), List.of("balance.low"));
        assertTrue(endpoint.secret().matches("whsec_[A-Za-z0-9+/]{32}"), endpoint.secret());
        asCustomer(customer).get("/webhook-endpoints/" + endpoint.id()).then().statusCode(200)
                .body("secret", nullValue()).body(not(containsString(endpoint.secret().substring(6))));
        asCustomer(customer).get("/webhook-endpoints").then().statusCode(200).body("size()", is(1))
                .body(not(containsString(endpoint.secret().substring(6))));
        String stored = DB.strings("select encode(secret, 'escape') from webhook_endpoint where id = '" + endpoint.id() + "'").get(0);
        assertFalse(stored.contains(endpoint.secret().substring(6)), "sealed at rest");
    }

    @Test
    void anotherCustomersEndpointAnswers404() {
        String owner = newCustomer();
        var endpoint = register(owner, newReceiver(), List.of("balance.low"));
        var other = asCustomer(newCustomer());
        String path = "/webhook-endpoints/" + endpoint.id();
        other.get(path).then().statusCode(404);
        asCustomer(newCustomer()).body(Map.of("enabled", false)).patch(path).then().statusCode(404);
        asCustomer(newCustomer()).post(path + "/rotate-secret").then().statusCode(404);
        asCustomer(newCustomer()).get(path + "/deliveries").then().statusCode(404);
        asCustomer(newCustomer()).body(Map.of("from", "2026-01-01T00:00:00Z", "until", "2027-01-01T00:00:00Z"))
                .post(path + "/replay").then().statusCode(404);
        asCustomer(newCustomer()).delete(path).then().statusCode(404);
        asCustomer(newCustomer()).get("/webhook-endpoints").then().statusCode(200).body("size()", is(0));
        asCustomer(owner).get(path).then().statusCode(200).body("enabled", is(true)); // untouched
        asAdmin().get(path).then().statusCode(200).body("customerId", is(owner));
    }

    @Test
    void privateLoopbackAndMetadataAddressesAreRefused() {
        String customer = newCustomer();
        for (String url : List.of("https://10.1.2.3/hook", "https://192.168.1.10/hook", "https://169.254.169.254/latest/meta-data",
                "https://[::1]/hook", "https://[fd00:ec2::254]/hook", "https://localhost/hook", "https://100.100.100.200/",
                "http://example.com/hook", "https://user:pw@example.com/hook", "ftp://example.com/x")) {
            asCustomer(customer).body(Map.of("url", url, "eventTypes", List.of("balance.low"))).post("/webhook-endpoints")
                    .then().statusCode(422).contentType("application/problem+json").body("type", containsString("webhook-url-refused"));
        }
        asCustomer(customer).body(Map.of("url", receiverUrl("x"), "eventTypes", List.of("message.sent"))).post("/webhook-endpoints")
                .then().statusCode(400).body("type", containsString("unknown-event-type"));
        asCustomer(customer).body(Map.of("url", receiverUrl("x"))).post("/webhook-endpoints").then().statusCode(400);
        assertEquals(0L, DB.number("select count(*) from webhook_endpoint where customer_id = '" + customer + "'"));
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneDuringItsGracePeriod() {
        String customer = newCustomer();
        String receiver = newReceiver();
        var endpoint = register(customer, receiver, List.of("balance.low"));
        String rotated = asCustomer(customer).body(Map.of("graceHours", 2)).post("/webhook-endpoints/" + endpoint.id() + "/rotate-secret")
                .then().statusCode(200).body("endpoint.previousSecretValidUntil", notNullValue()).extract().path("secret");
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 1);
        var first = received(receiver).get(0);
        assertEquals(2, ((String) first.get("webhookSignature")).split(" ").length);
        assertTrue(verifies(rotated, first) && verifies(endpoint.secret(), first), "both secrets verify during the grace period");

        String third = asCustomer(customer).body(Map.of("graceHours", 0)).post("/webhook-endpoints/" + endpoint.id() + "/rotate-secret")
                .then().statusCode(200).body("endpoint.previousSecretValidUntil", nullValue()).extract().path("secret");
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 1, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 2);
        var second = received(receiver).get(1);
        assertTrue(verifies(third, second));
        assertFalse(verifies(rotated, second) || verifies(endpoint.secret(), second), "no grace: the old secrets sign nothing");
    }

    @Test
    void oneDeliveryIsRedeliveredAndATimeRangeReplayedWithTheirWebhookIds() {
        String customer = newCustomer();
        String receiver = newReceiver();
        var endpoint = register(customer, receiver, List.of("balance.low"));
        Instant start = Instant.now().minusSeconds(1);
        for (int days = 3; days >= 1; days--) {
            publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", days, "thresholdDays", 5));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 3);
        List<Object> ids = received(receiver).stream().map(r -> r.get("webhookId")).toList();

        String path = "/webhook-endpoints/" + endpoint.id();
        String oldest = asCustomer(customer).get(path + "/deliveries").then().statusCode(200).body("size()", is(3))
                .extract().path("[2].id");
        asCustomer(customer).post(path + "/deliveries/" + oldest + "/redeliver").then().statusCode(202).body("status", is("PENDING"));
        await().atMost(Duration.ofSeconds(20)).until(() -> received(receiver).size() == 4);
        assertEquals(ids.get(0), received(receiver).get(3).get("webhookId"), "a redelivery carries its webhook-id");

        asCustomer(customer).body(Map.of("from", start.toString(), "until", Instant.now().plusSeconds(1).toString()))
                .post(path + "/replay").then().statusCode(202).body("requeued", is(3));
        await().atMost(Duration.ofSeconds(20)).until(() -> received(receiver).size() == 7);
        assertEquals(ids, received(receiver).subList(4, 7).stream().map(r -> r.get("webhookId")).toList(), "replayed in their order");
        asCustomer(customer).body(Map.of("from", Instant.now().toString(), "until", start.toString())).post(path + "/replay")
                .then().statusCode(400);
    }
}
