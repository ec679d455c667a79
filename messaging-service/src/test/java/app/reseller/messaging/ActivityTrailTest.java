package app.reseller.messaging;

import io.restassured.path.json.JsonPath;
import app.reseller.infra.TestActivity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.DB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messaging's activity trail on the real database: each write's entry is written in the write's own
 * transaction (the reactive pool's for webhook endpoints, Hibernate's for the rest) and shows what
 * changed without a secret, a message's text or parameters, a recipient or an endpoint URL's query;
 * a refused write leaves none, and a change that changes nothing (a second delete) none either.
 */
@MessagingTest
class ActivityTrailTest {

    private static String trailOf(String customer) {
        return String.join("\n", DB.strings("select coalesce(before::text, '') || ' ' || coalesce(after::text, '') || ' '"
                + " || coalesce(reason, '') from activity where customer_id = '" + customer + "'"));
    }

    @Test
    void messagesAndContactsLeaveTheirEntriesWithoutTheirContent() {
        String customer = newCustomer();
        String text = asCustomer(customer).header("X-Correlation-Id", "trail-text-" + customer.hashCode())
                .body(Map.of("recipient", "6281277770001", "text", "trail secret words")).post("/messages/text")
                .then().statusCode(201).extract().path("id");
        JsonPath sent = TestActivity.newest("sendTextMessage", "MESSAGE:" + text);
        assertEquals(customer, sent.getString("actor"));
        assertEquals("TEXT", sent.getString("after.kind"));
        assertEquals("trail-text-" + customer.hashCode(), sent.getString("correlationId"));
        asCustomer(customer).body(Map.of("recipient", "6281277770002", "template", "templ_uat_2", "params", List.of("trail-param", "b")))
                .post("/messages/notifications").then().statusCode(201);
        asCustomer(customer).body(Map.of("phone", "6281277770003")).put("/customers/" + customer + "/contact").then().statusCode(200);
        assertEquals("*********0003", TestActivity.newest("setCustomerContact", "CONTACT:" + customer).getString("after.phone"));
        asCustomer(customer).body(Map.of("phone", "6281277770004")).post("/messages/number-check").then().statusCode(200);
        asCustomer(customer).post("/messages/" + text + "/inquiry").then().statusCode(200);
        assertEquals(1, TestActivity.entries(DB, "refreshMessageStatus", "MESSAGE:" + text));

        String trail = trailOf(customer);
        for (String content : List.of("trail secret words", "trail-param", "6281277770001", "6281277770002", "6281277770003", "6281277770004")) {
            assertFalse(trail.contains(content), "the trail shows " + content + ": " + trail);
        }
        // a refused send (bad recipient) stores nothing, so it leaves no entry
        long before = DB.number("select count(*) from activity where customer_id = '" + customer + "'");
        asCustomer(customer).body(Map.of("recipient", "12", "text", "x")).post("/messages/text").then().statusCode(400);
        assertEquals(before, DB.number("select count(*) from activity where customer_id = '" + customer + "'"));
    }

    @Test
    void webhookEndpointsLeaveTheirEntriesInTheirOwnTransaction() {
        String customer = newCustomer();
        String url = app.reseller.infra.ProviderSandboxProcess.get().baseUrl() + "/_sandbox/webhook-receiver/trail?token=url-secret";
        JsonPath registered = asCustomer(customer).body(Map.of("url", url, "eventTypes", List.of("message.status")))
                .post("/webhook-endpoints").then().statusCode(201).extract().jsonPath();
        String id = registered.getString("endpoint.id");
        String target = "WEBHOOK_ENDPOINT:" + id;
        JsonPath created = TestActivity.newest("registerWebhookEndpoint", target);
        assertNull(created.get("before"));
        assertFalse(created.getString("after.url").contains("url-secret"), created.getString("after.url"));
        asCustomer(customer).body(Map.of("enabled", false)).patch("/webhook-endpoints/" + id).then().statusCode(200);
        JsonPath changed = TestActivity.newest("changeWebhookEndpoint", target);
        assertEquals(true, changed.getBoolean("before.enabled"));
        assertEquals(false, changed.getBoolean("after.enabled"));
        String secret = asCustomer(customer).body(Map.of("graceHours", 0)).post("/webhook-endpoints/" + id + "/rotate-secret").then()
                .statusCode(200).extract().path("secret");
        asAdmin().body(Map.of("from", "2026-01-01T00:00:00Z", "until", "2030-01-01T00:00:00Z")).post("/webhook-endpoints/" + id + "/replay")
                .then().statusCode(202);
        JsonPath replayed = TestActivity.newest("replayWebhooks", target);
        assertEquals(0, replayed.getInt("after.deliveriesQueued"));
        assertEquals("admin-1", replayed.getString("actor"));
        assertEquals(customer, replayed.getString("customerId"), "the admin's change is on the customer's trail");
        asCustomer(customer).delete("/webhook-endpoints/" + id).then().statusCode(204);
        asCustomer(customer).delete("/webhook-endpoints/" + id).then().statusCode(404);
        assertEquals(1, TestActivity.entries(DB, "deleteWebhookEndpoint", target), "deleting what is gone changes nothing and leaves nothing");
        assertNull(TestActivity.newest("deleteWebhookEndpoint", target).get("after"));

        String trail = trailOf(customer);
        for (String content : List.of(registered.getString("secret"), secret, "url-secret")) {
            assertFalse(trail.contains(content), "the trail shows " + content);
        }
    }

    /** The owner and an admin delete one endpoint at the same instant, 20 times over: one delete happens, one entry. */
    @Test
    void racingDeletesLeaveOneEntry() {
        String customer = newCustomer();
        String url = app.reseller.infra.ProviderSandboxProcess.get().baseUrl() + "/_sandbox/webhook-receiver/trail-race";
        for (int round = 0; round < 20; round++) {
            String id = asCustomer(customer).body(Map.of("url", url, "eventTypes", List.of("message.status")))
                    .post("/webhook-endpoints").then().statusCode(201).extract().path("endpoint.id");
            List<app.reseller.infra.Race.Outcome<Integer>> outcomes = app.reseller.infra.Race.run(List.of(
                    () -> asCustomer(customer).delete("/webhook-endpoints/" + id).statusCode(),
                    () -> asAdmin().delete("/webhook-endpoints/" + id).statusCode()));
            // the one that came second finds nothing (404) or nothing left to delete (204): either way it deleted nothing
            List<Integer> statuses = outcomes.stream().map(app.reseller.infra.Race.Outcome::value).sorted().toList();
            assertTrue(statuses.get(0) == 204 && List.of(204, 404).contains(statuses.get(1)), "round " + round + ": " + statuses);
            assertEquals(1, TestActivity.entries(DB, "deleteWebhookEndpoint", "WEBHOOK_ENDPOINT:" + id), "round " + round);
        }
    }

    @Test
    void thePlatformsSettingsTemplatesAndRulesLeaveTheirEntries() {
        // the same credentials the other tests use, typed again: the entry shows their masks only
        asAdmin().body(Map.of("secretKey", MessagingTestResource.SECRET_KEY, "callbackToken", MessagingTestResource.CALLBACK_TOKEN))
                .put("/admin/wappin/settings").then().statusCode(200);
        JsonPath settings = TestActivity.newest("updateWappinSettings", "WAPPIN_SETTINGS");
        assertNull(settings.get("customerId"));
        String shown = settings.prettify();
        assertFalse(shown.contains(MessagingTestResource.SECRET_KEY) || shown.contains(MessagingTestResource.CALLBACK_TOKEN), shown);
        asAdmin().body(Map.of("paramCount", 1)).put("/admin/templates/trail_template").then().statusCode(200);
        assertEquals(1, TestActivity.newest("putTemplate", "TEMPLATE:trail_template").getInt("after.paramCount"));
        asAdmin().body(Map.of("template", "trail_template", "params", List.of("{daysLeft}"))).put("/admin/notification-rules/BalanceDepleted")
                .then().statusCode(200);
        asAdmin().delete("/admin/notification-rules/BalanceDepleted").then().statusCode(204);
        JsonPath deleted = TestActivity.newest("deleteNotificationRule", "RULE:BalanceDepleted");
        assertEquals("trail_template", deleted.getString("before.template"));
        assertNull(deleted.get("after"));
    }
}
