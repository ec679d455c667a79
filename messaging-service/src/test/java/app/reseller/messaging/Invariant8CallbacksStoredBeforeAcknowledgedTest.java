package app.reseller.messaging;

import app.reseller.infra.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.messaging.MessagingTestSupport.callbacksToUs;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.notification;
import static app.reseller.messaging.MessagingTestSupport.sandbox;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariant 8: a provider callback is acknowledged only after it is stored; duplicates are no-ops. */
@MessagingTest
class Invariant8CallbacksStoredBeforeAcknowledgedTest {

    @AfterEach
    void restore() {
        DB.execute("alter table if exists wappin_callback_away rename to wappin_callback");
        callbacksToUs(1, false);
    }

    @Test
    void eachCallbackDeliveredThreeTimesAndOutOfOrderEntersTheTimelineOnceInOrder() {
        callbacksToUs(3, true);
        String customer = newCustomer();
        String id = asCustomer(customer).body(notification("6281211111111")).post("/messages/notifications")
                .then().statusCode(201).body("status", is("ACCEPTED")).extract().path("id");
        String wappinId = DB.strings("select wappin_message_id from outbound_message where id = '" + id + "'").get(0);

        // read, delivered, sent (newest first), each sent 3 times
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(wappinId).size() == 9);
        List<Map<String, Object>> deliveries = deliveries(wappinId);
        assertEquals(List.of("read", "read", "read", "delivered", "delivered", "delivered", "sent", "sent", "sent"),
                deliveries.stream().map(d -> d.get("status")).toList(), "the sandbox really sent them newest first");
        deliveries.forEach(d -> assertEquals(Boolean.TRUE, d.get("acknowledged"), "every copy got 000: " + d));

        List<String> timeline = asCustomer(customer).get("/messages/" + id).then().statusCode(200)
                .body("status", is("READ")).extract().jsonPath().getList("timeline.status");
        assertEquals(List.of("ACCEPTED", "SENT", "DELIVERED", "READ"), timeline, "each status once, in delivery order");
        assertEquals(3, DB.number("select count(*) from wappin_callback where wappin_message_id = '" + wappinId + "'"));
        var events = TestEvents.records("messaging.events", "messaging.MessageStatusChanged.v1", id);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestEvents.records("messaging.events",
                "messaging.MessageStatusChanged.v1", id).size() == 4);
        assertTrue(events.size() <= 4);

        // the statuses went out on messaging.events, and messaging-service does not read them back (its endpoints'
        // events have their own topic): its group never commits an offset there, over longer than the Kafka
        // connector's commit interval (5 s), which a group reading them would have committed in
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10))
                .until(() -> !TestEvents.topicsReadBy("messaging-service").contains("messaging.events"));
    }

    @Test
    void aCallbackWhoseStoreFailsIsNotAcknowledgedAndIsStoredWhenRetried() {
        // the sandbox's own callbacks go nowhere in this test: only the callbacks posted here reach us
        sandbox().body(Map.of("url", "http://127.0.0.1:9/nowhere", "token", "x")).put("/_sandbox/wappin/callback").then().statusCode(200);
        String customer = newCustomer();
        String id = asCustomer(customer).body(notification("6281222222222")).post("/messages/notifications")
                .then().statusCode(201).extract().path("id");
        String wappinId = DB.strings("select wappin_message_id from outbound_message where id = '" + id + "'").get(0);
        Map<String, Object> callback = Map.of("message_id", wappinId, "client_id", "sandbox-client", "project_id", "52",
                "sender_number", "6281222222222", "status_messages", "delivered", "message_content", "-",
                "environment", "PRODUCTION", "timestamp", String.valueOf(System.currentTimeMillis() / 1000), "callback_type", "status");

        DB.execute("alter table wappin_callback rename to wappin_callback_away"); // the store fails from here on
        String answer = given().contentType("application/json").header("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                .body(callback).post("/callbacks/wappin").then().statusCode(500).extract().asString();
        assertFalse(answer.contains("\"000\""), "an unstored callback must not be acknowledged: " + answer);
        DB.execute("alter table wappin_callback_away rename to wappin_callback");
        assertEquals(0, DB.number("select count(*) from message_status where message_id = '" + id + "' and status = 'DELIVERED'"),
                "nothing of the failed callback was kept");

        // Wappin retries: now it is stored, then acknowledged; a further retry is a no-op
        given().contentType("application/json").header("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                .body(callback).post("/callbacks/wappin").then().statusCode(200).body("status", is("000")).body("message", is("stored"));
        given().contentType("application/json").header("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                .body(callback).post("/callbacks/wappin").then().statusCode(200).body("status", is("000"))
                .body("message", is("already stored"));
        assertEquals(1, DB.number("select count(*) from message_status where message_id = '" + id + "' and status = 'DELIVERED'"));
    }

    @Test
    void callbacksNeedTheTokenAndAValidBody() {
        Map<String, Object> callback = Map.of("message_id", "abc", "callback_type", "status", "status_messages", "read");
        double rejectedBefore = rejectedCallbacks();
        given().contentType("application/json").body(callback).post("/callbacks/wappin").then().statusCode(401)
                .contentType("application/problem+json").body("status", not(is("000")));
        given().contentType("application/json").header("Authorization", "Bearer wrong").body(callback)
                .post("/callbacks/wappin").then().statusCode(401);
        assertEquals(rejectedBefore + 2, rejectedCallbacks(), "each refused callback counted (the alert WappinCallbacksRejected reads it)");
        given().contentType("application/json").header("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                .body(Map.of("message_id", "abc", "callback_type", "status", "status_messages", "exploded"))
                .post("/callbacks/wappin").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").header("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                .body("{not json").post("/callbacks/wappin").then().statusCode(400);
        assertEquals(0, DB.number("select count(*) from wappin_callback where wappin_message_id = 'abc'"));
    }

    @Test
    void aMessageCallbackBecomesAnInboundMessageOnce() {
        callbacksToUs(2, false);
        sandbox().body(Map.of("senderNumber", "6281333333333", "content", "hello there")).post("/_sandbox/wappin/inbound")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> DB.number(
                "select count(*) from inbound_message where sender = '6281333333333' and content = 'hello there'") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestEvents.records("messaging.events",
                r -> "messaging.InboundMessageReceived.v1".equals(TestEvents.header(r, "ce_type"))
                        && r.value().contains("hello there")).size() == 1);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deliveries(String wappinId) {
        List<Map<String, Object>> all = sandbox().get("/_sandbox/wappin/callback-deliveries").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(d -> wappinId.equals(d.get("messageId"))).toList();
    }

    private static double rejectedCallbacks() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher rejected = java.util.regex.Pattern
                .compile("(?m)^wappin_callbacks_total\\{outcome=\"rejected\",type=\"status\"} ([0-9.E]+)").matcher(metrics);
        return rejected.find() ? Double.parseDouble(rejected.group(1)) : 0;
    }
}
