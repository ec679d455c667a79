package app.reseller.local;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every write of the public API leaves its entry in the activity trail (issue 25, item 6), shown on
 * the whole platform: the test walks the gateway's route table as the gateway publishes it (the
 * served OpenAPI document holds exactly the routed operations), calls every route that is not a GET
 * and not a provider's webhook once through the gateway with its own correlation id, and finds each
 * call's entry in the merged trail: the operation, who, the correlation id. A new write route fails
 * here until it has a call below, and then until its service records it.
 */
@ExtendWith(SharedPlatform.class)
@org.junit.jupiter.api.Order(5)
class ActivityTrailWalkTest {

    private static final String GATEWAY = "http://127.0.0.1:8080";
    private static final String SANDBOX = "http://127.0.0.1:8090";
    private static LocalPlatform platform;
    /** The walk's customer (customer-5 in Keycloak): its id is its token's sub. */
    private static String customer;
    /** operationId -> the correlation id its call was sent with. */
    private final Map<String, String> called = new LinkedHashMap<>();
    /** Values that must never appear in an entry: secrets, message texts, phone numbers. */
    private final List<String> neverInTheTrail = new ArrayList<>();

    @BeforeAll
    static void platformIsUp(LocalPlatform shared) {
        platform = shared;
        customer = shared.keycloak().subjectOf("customer-5");
    }

    @Test
    void everyWriteRouteLeavesItsEntryInTheMergedTrail() {
        String partnerToken = "Bearer sandbox-partner-token";
        String callbackToken = "walk-callback-" + UUID.randomUUID();
        neverInTheTrail.addAll(List.of("sandbox-partner-token", "sandbox-secret", callbackToken));

        // the platform's settings (the same credentials the journey set; a new Wappin callback token, told to the sandbox)
        admin("updateWhapiSettings").body(Map.of("partnerToken", partnerToken)).put("/api/v1/admin/whapi/settings").then().statusCode(200);
        admin("testWhapiSettings").post("/api/v1/admin/whapi/settings/test").then().statusCode(200);
        admin("updateWappinSettings").body(Map.of("clientId", "sandbox-client", "secretKey", "sandbox-secret", "projectId", "52",
                "callbackToken", callbackToken, "environment", "PRODUCTION")).put("/api/v1/admin/wappin/settings").then().statusCode(200);
        given().baseUri(SANDBOX).contentType(ContentType.JSON).body(Map.of("url", GATEWAY + "/webhooks/wappin", "token", callbackToken))
                .put("/_sandbox/wappin/callback").then().statusCode(200);
        given().baseUri(SANDBOX).contentType(ContentType.JSON).body(Map.of("name", "walk_template", "params", 2))
                .post("/_sandbox/wappin/templates").then().statusCode(200);
        admin("putTemplate").body(Map.of("paramCount", 2)).put("/api/v1/admin/templates/walk_template").then().statusCode(200);

        // plans, subscriptions, days
        String plan = admin("createPlan").body(Map.of("name", "Walk", "maxChannels", 2, "periodDays", 30, "extensionDays", 30,
                "price", 1000, "currency", "IDR")).post("/api/v1/plans").then().statusCode(201).extract().path("id");
        admin("updatePlan").body(Map.of("name", "Walk", "maxChannels", 3, "periodDays", 30, "extensionDays", 30,
                "price", 1000, "currency", "IDR")).put("/api/v1/plans/" + plan).then().statusCode(200);
        admin("topUpPool").body(Map.of("days", 100, "reference", "walk: WHAPI invoice")).post("/api/v1/ledger/top-ups").then().statusCode(201);
        String subscription = as("subscribe").body(Map.of("planId", plan)).post("/api/v1/subscriptions").then().statusCode(201)
                .extract().path("id");
        admin("setAllocationMode").body(Map.of("mode", "MANUAL")).put("/api/v1/customers/" + customer + "/allocation-mode")
                .then().statusCode(200);
        admin("confirmSubscriptionPayment").post("/api/v1/subscriptions/" + subscription + "/confirm-payment").then().statusCode(200);
        admin("renewSubscription").post("/api/v1/subscriptions/" + subscription + "/renew").then().statusCode(200);
        admin("holdSubscription").body(Map.of("until", Instant.now().plusSeconds(86_400).toString(), "reason", "walk: will pay"))
                .put("/api/v1/subscriptions/" + subscription + "/hold").then().statusCode(200).body("heldUntil", org.hamcrest.Matchers.notNullValue());
        admin("releaseSubscriptionHold").delete("/api/v1/subscriptions/" + subscription + "/hold").then().statusCode(200);
        admin("allocateDays").body(Map.of("customerId", customer, "days", 40, "reference", "walk: paid"))
                .post("/api/v1/ledger/allocations").then().statusCode(201);
        admin("reclaimDays").body(Map.of("customerId", customer, "days", 1, "reason", "walk: one back"))
                .post("/api/v1/ledger/reclaims").then().statusCode(201);
        admin("adjustAccount").body(Map.of("account", "CUSTOMER:" + customer, "days", 1, "reason", "walk: correction"))
                .post("/api/v1/ledger/adjustments").then().statusCode(201);

        // API keys
        var key = as("createApiKey").body(Map.of("name", "walk", "scopes", List.of("channels:read"))).post("/api/v1/api-keys")
                .then().statusCode(201).extract().jsonPath();
        neverInTheTrail.add(key.getString("key").substring(12));
        as("revokeApiKey").delete("/api/v1/api-keys/" + key.getString("id")).then().statusCode(204);

        // contacts, numbers, webhook endpoints, messages through Wappin
        as("setCustomerContact").body(Map.of("phone", "6281299990001")).put("/api/v1/customers/" + customer + "/contact").then().statusCode(200);
        as("checkNumber").body(Map.of("phone", "6281299990002")).post("/api/v1/messages/number-check").then().statusCode(200);
        neverInTheTrail.addAll(List.of("6281299990001", "6281299990002", "6281299990003"));
        var endpoint = as("registerWebhookEndpoint").body(Map.of("url", SANDBOX + "/_sandbox/webhook-receiver/walk?token=walk-url-secret",
                "eventTypes", List.of("channel.status", "message.status"))).post("/api/v1/webhook-endpoints").then().statusCode(201).extract().jsonPath();
        String endpointId = endpoint.getString("endpoint.id");
        neverInTheTrail.addAll(List.of(endpoint.getString("secret"), "walk-url-secret"));
        as("changeWebhookEndpoint").body(Map.of("description", "walk")).patch("/api/v1/webhook-endpoints/" + endpointId).then().statusCode(200);
        neverInTheTrail.add(as("rotateWebhookSecret").body(Map.of("graceHours", 0)).post("/api/v1/webhook-endpoints/" + endpointId + "/rotate-secret")
                .then().statusCode(200).extract().path("secret"));
        as("sendNotification").body(Map.of("recipient", "6281299990003", "template", "walk_template", "params", List.of("walk-param-1", "x")))
                .post("/api/v1/messages/notifications").then().statusCode(201);
        String text = as("sendTextMessage").body(Map.of("recipient", "6281299990003", "text", "walk-secret-text"))
                .post("/api/v1/messages/text").then().statusCode(201).extract().path("id");
        as("sendMediaMessage").contentType(ContentType.MULTIPART).multiPart("recipient", "6281299990003").multiPart("mediaType", "image")
                .multiPart("caption", "walk-secret-caption").multiPart("file", "walk.png", new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13}, "image/png")
                .post("/api/v1/messages/media").then().statusCode(201);
        neverInTheTrail.addAll(List.of("walk-param-1", "walk-secret-text", "walk-secret-caption"));
        as("refreshMessageStatus").post("/api/v1/messages/" + text + "/inquiry").then().statusCode(200);
        // a channel: created, synced, linked by pairing code and by the sandbox's phone (the endpoint hears of it), used, extended,
        // restarted, logged out, deleted
        String channel = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ExtractableResponse<Response> answer = as("createChannel").body(Map.of("name", "Walk")).post("/api/v1/channels").then().extract();
            return answer.statusCode() == 201 ? answer.<String>path("id") : null; // 409 until the plan reached channel-service
        }, id -> id != null);
        as("syncChannel").post("/api/v1/channels/" + channel + "/sync").then().statusCode(200);
        String pairingCode = as("requestPairingCode").body(Map.of("phone", "6281299990004")).post("/api/v1/channels/" + channel + "/pairing-code")
                .then().statusCode(200).extract().path("code");
        neverInTheTrail.addAll(List.of(pairingCode, "6281299990004"));
        given().baseUri(SANDBOX).post("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/login").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "AUTH".equals(personal().get("/api/v1/channels/" + channel).then().extract().path("linkStatus")));
        int sent = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> as("sendChannelMessage")
                .body(Map.of("to", "6281299990005", "type", "text", "text", "walk-channel-text")).post("/api/v1/channels/" + channel + "/messages")
                .then().extract().statusCode(), status -> status != 503);
        assertEquals(201, sent);
        neverInTheTrail.addAll(List.of("walk-channel-text", "6281299990005"));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin("requestChannelExtension").body(Map.of("channelId", channel, "days", 1,
                "comment", "walk: a day more")).post("/api/v1/ledger/extensions").then().extract().statusCode() == 202);
        // the customer's whole fleet a day more (its one channel; left out while the extension above is still open)
        admin("startBulkExtension").body(Map.of("filter", Map.of("customerId", customer), "days", 1, "comment", "walk: the fleet a day more"))
                .post("/api/v1/ledger/extensions/bulk").then().statusCode(202).body("total", org.hamcrest.Matchers.is(1));
        String delivery = await().atMost(Duration.ofSeconds(30)).until(() -> personal().get("/api/v1/webhook-endpoints/" + endpointId
                + "/deliveries").then().statusCode(200).extract().jsonPath().<String>getList("id"), ids -> !ids.isEmpty()).get(0);
        as("redeliverWebhook").post("/api/v1/webhook-endpoints/" + endpointId + "/deliveries/" + delivery + "/redeliver").then().statusCode(202);
        as("replayWebhooks").body(Map.of("from", Instant.now().minusSeconds(3600).toString(), "until", Instant.now().plusSeconds(60).toString()))
                .post("/api/v1/webhook-endpoints/" + endpointId + "/replay").then().statusCode(202);
        as("deleteWebhookEndpoint").delete("/api/v1/webhook-endpoints/" + endpointId).then().statusCode(204);

        as("setChannelHealthSettings").body(Map.of("silentAfterMinutes", 30)).put("/api/v1/channels/" + channel + "/health/settings")
                .then().statusCode(200).body("effectiveSilentAfterMinutes", org.hamcrest.Matchers.is(30));
        as("restartChannel").post("/api/v1/channels/" + channel + "/restart").then().statusCode(202);
        as("startBulkChannelJob").body(Map.of("action", "RESTART", "channelIds", List.of(channel))).post("/api/v1/channels/bulk")
                .then().statusCode(202).body("total", org.hamcrest.Matchers.is(1));
        as("logoutChannel").post("/api/v1/channels/" + channel + "/logout").then().statusCode(202);
        // paused (503 while the extension above is still being settled with WHAPI), then resumed
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> as("pauseChannel").post("/api/v1/channels/" + channel + "/pause").then().extract().statusCode() == 200);
        as("resumeChannel").post("/api/v1/channels/" + channel + "/resume").then().statusCode(200).body("state", org.hamcrest.Matchers.is("ACTIVE"));
        admin("reconcileChannels").post("/api/v1/admin/channels/reconcile").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> as("deleteChannel").delete("/api/v1/channels/" + channel).then().extract().statusCode() == 204);
        // an operator's batch for the customer (its slot is free again): queued, then cancelled or deleted once created
        String batched = admin("bulkCreateChannels").body(Map.of("customerId", customer, "names", List.of("Walk batch")))
                .post("/api/v1/admin/channels/bulk-create").then().statusCode(202).body("accepted.size()", org.hamcrest.Matchers.is(1))
                .extract().path("accepted[0].id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> List.of(204, 404).contains(
                given().baseUri(GATEWAY).auth().oauth2(token("admin")).delete("/api/v1/channels/" + batched).then().extract().statusCode()));

        // notification rules: one put and deleted, then the rule that was there (if any) put back
        JsonPath rules = given().baseUri(GATEWAY).auth().oauth2(token("admin")).get("/api/v1/admin/notification-rules").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> earlier = rules.getList("findAll { it.eventType == 'ChannelExpiring' }", Map.class).stream().findFirst().orElse(null);
        admin("putNotificationRule").body(Map.of("template", "walk_template", "params", List.of("{channelName}", "{daysLeft}")))
                .put("/api/v1/admin/notification-rules/ChannelExpiring").then().statusCode(200);
        admin("deleteNotificationRule").delete("/api/v1/admin/notification-rules/ChannelExpiring").then().statusCode(204);
        if (earlier != null) {
            given().baseUri(GATEWAY).auth().oauth2(token("admin")).contentType(ContentType.JSON).body(Map.of("template", earlier.get("template"),
                    "params", new ArrayList<>(((Map<?, ?>) earlier.get("params")).values()), "enabled", earlier.get("enabled")))
                    .put("/api/v1/admin/notification-rules/ChannelExpiring").then().statusCode(200);
        }

        // the subscription and the plan end
        admin("cancelSubscription").body(Map.of("reason", "walk: done")).post("/api/v1/subscriptions/" + subscription + "/cancel")
                .then().statusCode(200);
        admin("retirePlan").post("/api/v1/plans/" + plan + "/retire").then().statusCode(200);

        // the walk covered every write route the gateway publishes, and nothing else
        TreeSet<String> writeRoutes = writeRoutes();
        TreeSet<String> withoutACall = new TreeSet<>(writeRoutes);
        withoutACall.removeAll(called.keySet());
        assertTrue(withoutACall.isEmpty(), "write routes this walk does not call (add a call above): " + withoutACall);
        TreeSet<String> notRoutes = new TreeSet<>(called.keySet());
        notRoutes.removeAll(writeRoutes);
        assertTrue(notRoutes.isEmpty(), "calls that are not write routes: " + notRoutes);
        assertTrue(writeRoutes.size() >= 40, "the table was read: " + writeRoutes);

        // each call's entry, in the merged trail an admin reads: its operation, its correlation id, who
        List<String> withoutEntry = new ArrayList<>();
        for (Map.Entry<String, String> call : called.entrySet()) {
            Map<String, Object> entry = entryOf(call.getKey(), call.getValue());
            if (entry == null) {
                withoutEntry.add(call.getKey());
            } else {
                assertNotNull(entry.get("actor"), entry.toString());
                assertNotNull(entry.get("at"), entry.toString());
            }
        }
        assertTrue(withoutEntry.isEmpty(), "write routes whose call left no entry in the activity trail: " + withoutEntry);
        assertEquals(customer, entryOf("createChannel", called.get("createChannel")).get("actor"));
        assertEquals(customer, entryOf("allocateDays", called.get("allocateDays")).get("customerId"));
        assertEquals("walk: paid", entryOf("allocateDays", called.get("allocateDays")).get("reason"));

        // the customer reads its own entries (from all three services) and nobody else's; the CSV holds the same
        List<Map<String, Object>> own = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification page = personal().queryParam("customerId", "someone-else").queryParam("limit", 20);
            JsonPath answer = (cursor == null ? page : page.queryParam("cursor", cursor)).get("/api/v1/activity").then().statusCode(200)
                    .extract().jsonPath();
            own.addAll(answer.getList("items"));
            cursor = answer.getString("nextCursor");
        } while (cursor != null);
        assertTrue(own.stream().allMatch(e -> customer.equals(e.get("customerId"))), "a customer sees only its own entries");
        assertEquals(new TreeSet<>(List.of("billing", "channel", "messaging")),
                new TreeSet<>(own.stream().map(e -> (String) e.get("service")).toList()));
        String csv = personal().get("/api/v1/activity/export.csv").then().statusCode(200).contentType("text/csv").extract().asString();
        assertEquals(own.size(), csv.split("\r\n").length - 1, "the CSV holds the entries the pages showed");

        // never a secret, a message's text or parameters, a phone number or a pairing code
        String everything = given().baseUri(GATEWAY).auth().oauth2(token("admin")).get("/api/v1/activity/export.csv").then().statusCode(200)
                .extract().asString();
        for (String secret : neverInTheTrail) {
            assertFalse(everything.contains(secret), "the trail shows " + secret);
        }
        System.out.printf("[activity] %d write routes called, each with its entry; customer-5 sees %d entries of its own%n",
                called.size(), own.size());
    }

    /** The entry of a call, found by its operation and correlation id in the merged trail as an admin reads it; null when absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> entryOf(String operation, String correlationId) {
        List<Map<String, Object>> items = given().baseUri(GATEWAY).auth().oauth2(token("admin")).queryParam("action", operation)
                .queryParam("limit", 500).get("/api/v1/activity").then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(e -> correlationId.equals(e.get("correlationId"))).findFirst().orElse(null);
    }

    /** Every operation of the published route table that writes: not a GET, not a provider's webhook. */
    private static TreeSet<String> writeRoutes() {
        Map<String, Map<String, Map<String, Object>>> paths = given().baseUri(GATEWAY).get("/api/v1/openapi.json").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        TreeSet<String> writes = new TreeSet<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (!path.startsWith("/webhooks/") && List.of("post", "put", "patch", "delete").contains(method)) {
                writes.add((String) operation.get("operationId"));
            }
        }));
        return writes;
    }

    /** The walk's customer, for the call named {@code operation}: sent with its own correlation id. */
    private RequestSpecification as(String operation) {
        return send(operation, token("customer-5"));
    }

    private RequestSpecification admin(String operation) {
        return send(operation, token("admin"));
    }

    private RequestSpecification send(String operation, String token) {
        String correlationId = called.computeIfAbsent(operation, op -> "walk-" + op + "-" + UUID.randomUUID().toString().substring(0, 12));
        return given().baseUri(GATEWAY).auth().oauth2(token).contentType(ContentType.JSON).header("X-Correlation-Id", correlationId);
    }

    /** The walk's customer for reads (no operation to record). */
    private static RequestSpecification personal() {
        return given().baseUri(GATEWAY).auth().oauth2(token("customer-5"));
    }

    private static String token(String user) {
        return platform.keycloak().tokenFor(user);
    }

    /** WHAPI's id of the channel: only the sandbox's own list shows it (our API never does). */
    private static String whapiIdOf(String channelId) {
        for (int offset = 0; ; offset += 100) {
            List<Map<String, Object>> channels = given().baseUri(SANDBOX).header("Authorization", "Bearer sandbox-partner-token")
                    .get("/manager/channels/list?count=100&offset=" + offset).then().statusCode(200).extract().jsonPath().getList("channels");
            var found = channels.stream().filter(c -> String.valueOf(c.get("name")).endsWith("[" + channelId.substring(0, 8) + "]"))
                    .map(c -> String.valueOf(c.get("id"))).findFirst();
            if (found.isPresent() || channels.isEmpty()) {
                return found.orElseThrow();
            }
        }
    }
}
