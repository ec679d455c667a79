package app.reseller.local;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end journey through the gateway, against the whole platform as the local run starts
 * it: real PostgreSQL and Kafka, the provider sandbox, the three services and the gateway, each a
 * separate process. Every business call goes through http://127.0.0.1:8080/api/v1 with tokens from
 * a real Keycloak (SharedPlatform); only the sandbox's own controls (a phone scanning the QR,
 * Wappin's callback address) are called directly. README.md shows the same journey as curl commands.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedPlatform.class)
@org.junit.jupiter.api.Order(1)
class EndToEndJourneyTest {

    private static final String GATEWAY = "http://127.0.0.1:8080";
    private static final String SANDBOX = "http://127.0.0.1:8090";
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final Path ROOT = SharedPlatform.ROOT;
    private static final Path STATE = SharedPlatform.STATE;
    private static LocalPlatform platform;
    /** The demo customers' ids: the sub of their Keycloak tokens (their usernames are customer-1 and customer-2). */
    private static String customer1;
    private static String customer2;

    @BeforeAll
    static void startThePlatform(LocalPlatform shared) {
        platform = shared;
        customer1 = shared.keycloak().subjectOf("customer-1");
        customer2 = shared.keycloak().subjectOf("customer-2");
    }

    @Test
    @Order(1)
    void theWholeJourneyThroughTheGateway() throws Exception {
        String admin = token("admin");
        String customer = token("customer-1");
        String other = token("customer-2");

        // admin: provider credentials, a plan, days bought from WHAPI
        as(admin).body(Map.of("partnerToken", "Bearer sandbox-partner-token")).put("/api/v1/admin/whapi/settings")
                .then().statusCode(200).body("partnerToken", is("Bearer san…ken"));
        as(admin).post("/api/v1/admin/whapi/settings/test").then().statusCode(200).body("ok", is(true));
        String callbackToken = "journey-callback-" + UUID.randomUUID();
        as(admin).body(Map.of("clientId", "sandbox-client", "secretKey", "sandbox-secret", "projectId", "52",
                "callbackToken", callbackToken, "environment", "PRODUCTION")).put("/api/v1/admin/wappin/settings").then().statusCode(200);
        given().baseUri(SANDBOX).contentType(ContentType.JSON)
                .body(Map.of("url", GATEWAY + "/webhooks/wappin", "token", callbackToken)).put("/_sandbox/wappin/callback")
                .then().statusCode(200);
        String planId = as(admin).body(Map.of("name", "Business", "maxChannels", 1, "periodDays", 30, "extensionDays", 30,
                "price", 450000, "currency", "IDR")).post("/api/v1/plans").then().statusCode(201).extract().path("id");
        as(admin).header("Idempotency-Key", "journey-top-up").body(Map.of("days", 500, "reference", "test")).post("/api/v1/ledger/top-ups")
                .then().statusCode(201);

        // customer subscribes; admin sets AUTOMATIC and confirms the payment
        String subscriptionId = as(customer).body(Map.of("planId", planId)).post("/api/v1/subscriptions").then().statusCode(201)
                .body("status", is("PENDING_PAYMENT")).extract().path("id");
        as(admin).body(Map.of("mode", "AUTOMATIC")).put("/api/v1/customers/" + customer1 + "/allocation-mode").then().statusCode(200);
        as(admin).post("/api/v1/subscriptions/" + subscriptionId + "/confirm-payment").then().statusCode(200)
                .body("status", is("ACTIVE"));
        // AUTOMATIC allocates nothing up front: days leave the pool when a channel needs them
        as(customer).get("/api/v1/customers/" + customer1 + "/balance").then().statusCode(200).body("balanceDays", is(0));

        // customer creates a channel (once the entitlement reached channel-service), then hits the plan limit
        String correlationId = "journey-" + UUID.randomUUID();
        String channelId = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(
                () -> as(customer).header("X-Correlation-Id", correlationId).body(Map.of("name", "Shop"))
                        .post("/api/v1/channels").then().extract(),
                answer -> answer.statusCode() == 201).path("id");
        // the caller's correlation id reached the service: its log line for this request carries it
        await().atMost(Duration.ofSeconds(5)).until(() -> java.nio.file.Files.readString(
                STATE.resolve("logs/channel-service.log")).contains("cid=" + correlationId + "] [key=] channel " + channelId + " created"));
        as(customer).body(Map.of("name", "Second")).post("/api/v1/channels").then().statusCode(409)
                .contentType("application/problem+json").body("title", is("Channel limit reached"));

        // the QR as a PNG for an <img>; a phone scans it and the status flips through WHAPI's webhook
        byte[] png = as(customer).get("/api/v1/channels/" + channelId + "/qr.png").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        String whapiId = whapiIdOf(channelId);
        given().baseUri(SANDBOX).post("/_sandbox/whapi/channels/" + whapiId + "/login").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "AUTH".equals(
                as(customer).get("/api/v1/channels/" + channelId).then().extract().path("linkStatus")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "HEALTHY".equals(
                as(customer).get("/api/v1/channels/" + channelId + "/health").then().extract().path("health")));

        // AUTOMATIC: the first paid extension follows the creation; balance and WHAPI's days agree
        await().atMost(Duration.ofSeconds(40)).until(() -> "LIVE".equals(
                as(customer).get("/api/v1/channels/" + channelId).then().extract().path("mode")));
        as(customer).get("/api/v1/customers/" + customer1 + "/balance").then().statusCode(200).body("balanceDays", is(0));
        List<String> kinds = as(customer).get("/api/v1/customers/" + customer1 + "/ledger").then().statusCode(200)
                .extract().jsonPath().getList("items.kind");
        assertTrue(kinds.containsAll(List.of("ALLOCATE", "EXTEND")), "30 days allocated from the pool, then spent: " + kinds);
        long activeTill = given().baseUri(SANDBOX).header("Authorization", "Bearer sandbox-partner-token")
                .get("/manager/channels/" + whapiId).then().extract().jsonPath().getLong("activeTill");
        long daysAtWhapi = (activeTill - System.currentTimeMillis()) / DAY_MS;
        assertEquals(34, daysAtWhapi, "5 trial days + the 30 paid, minus the minutes that passed");

        // the customer's system registers a webhook endpoint (here the sandbox's receiver); its secret is shown once
        String webhookSecret = as(customer).body(Map.of("url", SANDBOX + "/_sandbox/webhook-receiver/journey",
                        "eventTypes", List.of("message.received", "message.status")))
                .post("/api/v1/webhook-endpoints").then().statusCode(201).body("endpoint.enabled", is(true)).extract().path("secret");

        // the customer sends through its own channel (the linked phone): a text, then an image replying to it
        // (a channel that just went LIVE is restarting at WHAPI for a moment: 503 channel-restarting, then it sends)
        var text = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> as(customer)
                        .header("Idempotency-Key", "journey-text").body(Map.of("to", "+62 812-3456-7890", "type", "text",
                                "text", "Your order is on its way")).post("/api/v1/channels/" + channelId + "/messages").then().extract(),
                answer -> answer.statusCode() != 503);
        assertEquals(201, text.statusCode(), text.asString());
        assertEquals("6281234567890@s.whatsapp.net", text.path("chatId"));
        String image = as(customer).body(Map.of("to", "6281234567890", "type", "image", "mediaUrl", "https://example.com/receipt.png",
                        "caption", "receipt", "replyTo", text.<String>path("whapiMessageId")))
                .post("/api/v1/channels/" + channelId + "/messages").then().statusCode(201).extract().path("id");
        for (String sent : List.of(text.<String>path("id"), image)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "READ".equals(as(customer)
                    .get("/api/v1/channels/" + channelId + "/messages/" + sent).then().extract().path("status")));
        }
        as(customer).get("/api/v1/channels/" + channelId + "/messages/" + text.<String>path("id")).then()
                .body("timeline.status", is(List.of("SENT", "DELIVERED", "READ")));
        // the customer's client answers on WhatsApp: the channel receives it, and the chat shows both ways
        given().baseUri(SANDBOX).contentType(ContentType.JSON).body(Map.of("from", "6281234567890", "text", "Thank you!"))
                .post("/_sandbox/whapi/channels/" + whapiId + "/inbound").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> as(customer).get("/api/v1/channels/" + channelId + "/messages?chat=6281234567890")
                .then().extract().jsonPath().getList("direction").contains("IN"));
        as(customer).get("/api/v1/channels/" + channelId + "/chats").then().statusCode(200)
                .body("[0].chatId", is("6281234567890@s.whatsapp.net")).body("[0].sent", is(2)).body("[0].received", is(1));
        as(other).get("/api/v1/channels/" + channelId + "/messages").then().statusCode(404);

        // each status of both messages and the reply reached the customer's endpoint, signed (Standard Webhooks)
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookDeliveries("journey").size() >= 7);
        var deliveries = webhookDeliveries("journey");
        assertEquals(7, deliveries.size(), "3 statuses of each message and the reply, each once");
        for (var delivery : deliveries) {
            assertTrue(StandardWebhooks.verifies(webhookSecret, delivery), "signature verifies: " + delivery);
        }
        List<String> textStatuses = deliveries.stream().map(StandardWebhooks::body)
                .filter(b -> "message.status".equals(b.getString("type")) && text.<String>path("id").equals(b.getString("data.messageId")))
                .map(b -> b.getString("data.status")).toList();
        assertEquals(List.of("SENT", "DELIVERED", "READ"), textStatuses, "in order, for the message's aggregate");
        var reply = deliveries.stream().map(StandardWebhooks::body).filter(b -> "message.received".equals(b.getString("type")))
                .findFirst().orElseThrow();
        assertEquals("Thank you!", reply.getString("data.body"));
        StandardWebhooks.writeSample(webhookSecret, deliveries.get(deliveries.size() - 1),
                java.nio.file.Path.of("target", "webhook-sample.json"));

        // a notification, moved to "read" by Wappin's callbacks through the gateway's webhook path
        String messageId = as(customer).body(Map.of("recipient", "081234567890", "template", "templ_uat_2",
                "params", List.of("Budi", "30 days"))).post("/api/v1/messages/notifications").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "READ".equals(
                as(customer).get("/api/v1/messages/" + messageId).then().extract().path("status")));
        as(customer).get("/api/v1/messages/" + messageId).then()
                .body("timeline.status", is(List.of("ACCEPTED", "SENT", "DELIVERED", "READ")));

        // the dashboard in one call
        as(customer).get("/api/v1/dashboard").then().statusCode(200).body("missing", empty())
                .body("parts.channels[0].id", is(channelId)).body("parts.recentMessages.items[0].id", is(messageId));

        // one OpenAPI for the whole public API, built from the running services' own descriptions
        var openapi = given().baseUri(GATEWAY).get("/api/v1/openapi.json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        long operations = paths.values().stream().mapToLong(Map::size).sum();
        assertTrue(operations >= 50, "every route has its operation: " + operations);
        assertTrue(paths.containsKey("/api/v1/channels/{id}/qr.png") && paths.containsKey("/webhooks/wappin"), paths.keySet().toString());
        assertTrue(openapi.get("x-missing-services") == null, "every service described itself");
        // it says which operations take an Idempotency-Key: every POST that creates something or moves days
        for (String path : List.of("/channels", "/subscriptions", "/messages/notifications", "/messages/text", "/messages/media",
                "/ledger/top-ups", "/ledger/allocations", "/ledger/extensions", "/ledger/reclaims", "/ledger/adjustments")) {
            List<String> headers = openapi.getList("paths.'/api/v1" + path + "'.post.parameters.findAll { it.in == 'header' }.name");
            assertTrue(headers.contains("Idempotency-Key"), "POST " + path + " declares Idempotency-Key: " + headers);
        }
        // and no service operation is missing from the gateway's route table (it would be unreachable):
        // the merged document holds exactly the routed operations, under their public paths
        java.util.Set<String> routed = new java.util.HashSet<>();
        paths.forEach((path, ops) -> ops.keySet().forEach(method -> routed.add(method + " " + shape(path))));
        Map<String, String> webhooks = Map.of("/callbacks/wappin", "/webhooks/wappin");
        List<String> unreachable = new java.util.ArrayList<>();
        for (int port : List.of(8081, 8082, 8083)) {
            Map<String, Map<String, Object>> servicePaths = given().baseUri("http://127.0.0.1:" + port)
                    .get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("paths");
            servicePaths.forEach((path, ops) -> ops.keySet().forEach(method -> {
                String publicPath = path.startsWith("/webhooks/") ? path : webhooks.getOrDefault(path, "/api/v1" + path);
                if (!routed.contains(method + " " + shape(publicPath))) {
                    unreachable.add(method.toUpperCase() + " " + path + " on :" + port);
                }
            }));
        }
        assertTrue(unreachable.isEmpty(), "service operations without a gateway route: " + unreachable);

        // a second customer sees none of it
        as(other).get("/api/v1/channels/" + channelId).then().statusCode(404);
        as(other).get("/api/v1/messages/" + messageId).then().statusCode(404);
        as(other).delete("/api/v1/channels/" + channelId).then().statusCode(404);
        as(other).get("/api/v1/channels").then().statusCode(200).body("$", empty());
        as(other).get("/api/v1/customers/" + customer1 + "/balance").then().statusCode(404);

        // deleting the channel gives the unused paid days back
        as(customer).delete("/api/v1/channels/" + channelId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(20)).until(() -> as(customer).get("/api/v1/customers/" + customer1 + "/balance")
                .then().extract().<Integer>path("balanceDays") == 30);
        assertTrue(as(customer).get("/api/v1/channels").then().extract().jsonPath().getList("$").isEmpty());

        // every event the journey produced matches the event catalogue (docs/events/schemas, docs/asyncapi.yaml)
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.records("channel.events").stream()
                .anyMatch(r -> new String(r.headers().lastHeader("ce_type").value()).equals("channel.ChannelDeleted.v1")));
        EventContract contract = new EventContract(ROOT.resolve("docs/events/schemas"));
        for (String topic : List.of("billing.events", "channel.events", "messaging.events", "messaging.endpoint-events")) {
            contract.check(platform.records(topic));
        }
        assertTrue(contract.violations().isEmpty(), String.join("\n", contract.violations()));
        assertTrue(contract.typesSeen().containsAll(List.of("billing.PlanActivated.v1", "billing.EntitlementChanged.v1",
                "billing.DaysAllocated.v1", "billing.ChannelExtensionRequested.v1", "channel.ChannelCreated.v1",
                "channel.ChannelExtended.v1", "channel.ChannelModeChanged.v1", "channel.ChannelStatusChanged.v1",
                "channel.ChannelDeleted.v1", "messaging.MessageStatusChanged.v1")), "events checked: " + contract.typesSeen());
    }

    /**
     * Invariant 4 across the platform, the ops drill of docs/runbooks.md: every record of every topic
     * is delivered again (what resetting every consumer group to offset 0 delivers), after the
     * journey left data everywhere. Each consumer recognises each event, no state changes, and no
     * provider is called.
     */
    @Test
    @Order(2)
    void replayingEveryTopicFromOffsetZeroChangesNothingAndCallsNoProvider() throws Exception {
        Map<String, String> before = Map.of("billing", stateOf("billing"), "channel", stateOf("channel"), "messaging", stateOf("messaging"));
        Map<String, Object> callsBefore = providerCalls();
        var billingEvents = platform.records("billing.events");
        var channelEvents = platform.records("channel.events");
        var messagingEvents = platform.records("messaging.events");
        var endpointEvents = platform.records("messaging.endpoint-events");
        Map<String, Double> duplicatesBefore = duplicates();

        for (var records : List.of(billingEvents, channelEvents, messagingEvents, endpointEvents)) {
            platform.publish(records.stream().map(r -> new org.apache.kafka.clients.producer.ProducerRecord<>(
                    r.topic(), null, r.key(), r.value(), r.headers())).toList());
        }
        // billing consumes channel.events; channel consumes billing.events; messaging consumes both, and its endpoints'
        // events; messaging.events (statuses, inbound messages) is for systems outside: no app here reads it
        // billing acts on the saga's types of channel.events only: the channel's messages and statuses it does not record
        Map<String, Integer> expected = Map.of("8081:billing.channel-events", (int) channelEvents.stream().filter(r ->
                        SharedPlatform.BILLING_CHANNEL_EVENT_TYPES.contains(app.reseller.infra.TestEvents.header(r, "ce_type"))).count(),
                "8082:channel.billing-events", billingEvents.size(), "8083:messaging.billing-events", billingEvents.size(),
                "8083:messaging.channel-events", channelEvents.size(), "8083:messaging.endpoint-events",
                // messaging acts on WebhookEndpointDisabled there; another type would be acknowledged unread
                // (the type of MessagingEvents.WebhookEndpointDisabled: local-run does not depend on the contract module)
                (int) endpointEvents.stream().filter(r -> "messaging.WebhookEndpointDisabled.v1".equals(
                        app.reseller.infra.TestEvents.header(r, "ce_type"))).count());
        int webhooksBefore = webhookDeliveries("journey").size();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Map<String, Double> now = duplicates();
            return expected.entrySet().stream().allMatch(e -> now.get(e.getKey()) - duplicatesBefore.get(e.getKey()) >= e.getValue());
        });
        System.out.printf("[replay] %d billing, %d channel and %d endpoint events delivered again, each recognised; %d message events"
                + " delivered again, read by no app here%n", billingEvents.size(), channelEvents.size(), endpointEvents.size(), messagingEvents.size());

        assertEquals(before, Map.of("billing", stateOf("billing"), "channel", stateOf("channel"), "messaging", stateOf("messaging")),
                "the replay changed state");
        assertEquals(callsBefore, providerCalls(), "the replay called a provider");
        assertEquals(webhooksBefore, webhookDeliveries("journey").size(), "the replay sent a webhook again");
    }

    private static List<java.util.Map<String, Object>> webhookDeliveries(String receiver) {
        return given().baseUri(SANDBOX).get("/_sandbox/webhook-receiver/" + receiver).then().statusCode(200).extract().jsonPath().getList("$");
    }

    /**
     * The second ops tool of docs/runbooks.md: re-publishing a service's outbox history (here all of
     * it, for all three services) by marking its rows unsent. The relays publish them again; every
     * consumer recognises them; nothing changes and no provider is called.
     */
    @Test
    @Order(3)
    void republishingTheOutboxHistoryChangesNothingAndCallsNoProvider() throws Exception {
        Map<String, String> before = Map.of("billing", stateOf("billing"), "channel", stateOf("channel"), "messaging", stateOf("messaging"));
        Map<String, Object> callsBefore = providerCalls();
        Map<String, Double> duplicatesBefore = duplicates();
        int republished = 0;
        for (String database : List.of("billing", "channel", "messaging")) {
            republished += sql(database, "update outbox_event set sent_at = null where sent_at is not null");
        }
        assertTrue(republished > 10, "the journey left an outbox history: " + republished);
        await().atMost(Duration.ofSeconds(60)).until(() -> sqlCount("billing") + sqlCount("channel") + sqlCount("messaging") == 0);
        double expectedDuplicates = republished;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, Double> now = duplicates();
            return now.keySet().stream().mapToDouble(k -> now.get(k) - duplicatesBefore.getOrDefault(k, 0.0)).sum()
                    >= expectedDuplicates; // messaging consumes billing's and channel's, so this is a lower bound
        });
        System.out.printf("[republish] %d outbox rows published again, each recognised%n", republished);
        assertEquals(before, Map.of("billing", stateOf("billing"), "channel", stateOf("channel"), "messaging", stateOf("messaging")),
                "re-publishing changed state");
        assertEquals(callsBefore, providerCalls(), "re-publishing called a provider");
    }

    /** The production auditors find nothing wrong after all the traffic above (journey, replay, re-publication). */
    @Test
    @Order(4)
    void theLedgerAndChannelAuditsFindNoViolationAfterTheJourney() {
        String admin = token("admin");
        assertNoViolation(as(admin).get("/api/v1/ledger/audit").then().statusCode(200).extract().jsonPath());
        assertNoViolation(as(admin).get("/api/v1/admin/channels/audit").then().statusCode(200).extract().jsonPath());
        String metrics = given().baseUri("http://127.0.0.1:8081").get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("ledger_audit_violations{rule=\"days-conserved\""), "the auditor exports its rules");
        assertTrue(!java.util.regex.Pattern.compile("ledger_audit_violations\\{[^}]*} [1-9]").matcher(metrics).find(), metrics);
    }

    /**
     * Seen (issue 11, 1): a customer holds 40 days and has a TRIAL channel; the admin extends it by
     * 20 while WHAPI answers the extend 6 s late, and the customer deletes the channel meanwhile.
     * The customer must hold 40 days afterwards (44 before the fix: the trial days were refunded).
     */
    @Test
    @Order(5)
    void aDeleteDuringASlowExtensionCreatesNoDays() throws Exception {
        String admin = token("admin");
        String customer = token("customer-2");
        String planId = as(admin).body(Map.of("name", "Two", "maxChannels", 2, "periodDays", 30, "extensionDays", 30,
                "price", 1, "currency", "IDR")).post("/api/v1/plans").then().statusCode(201).extract().path("id");
        String subscription = as(customer).body(Map.of("planId", planId)).post("/api/v1/subscriptions").then().statusCode(201)
                .extract().path("id");
        as(admin).post("/api/v1/subscriptions/" + subscription + "/confirm-payment").then().statusCode(200);
        as(admin).header("Idempotency-Key", "e2e-40-days").body(Map.of("customerId", customer2, "days", 40, "reference", "e2e"))
                .post("/api/v1/ledger/allocations").then().statusCode(201);
        String channelId = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(
                () -> as(customer).body(Map.of("name", "Trial")).post("/api/v1/channels").then().extract(),
                answer -> answer.statusCode() == 201).path("id");
        String whapiId = whapiIdOf(channelId);
        given().baseUri(SANDBOX).contentType(ContentType.JSON).body(Map.of("kind", "LATENCY", "method", "POST",
                "pathPattern", "/manager/channels/" + whapiId + "/extend", "delayMs", 6000, "times", 1))
                .post("/_sandbox/faults").then().statusCode(201);

        // billing learns of the channel from ChannelCreated; until then the extension is a 404
        await().atMost(Duration.ofSeconds(20)).until(() -> as(admin).body(Map.of("channelId", channelId, "days", 20,
                "comment", "admin extension")).post("/api/v1/ledger/extensions").then().extract().statusCode() == 202);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("channel", "select count(*) from extension_request where channel_id = '"
                + channelId + "' and call_started_at is not null") == 1);
        as(customer).delete("/api/v1/channels/" + channelId).then().statusCode(204);

        // WHAPI's late answer comes and goes; the balance settles at 40 and stays there
        await().atMost(Duration.ofSeconds(30)).until(() -> balanceOf(customer, customer2) == 40
                && count("billing", "select count(*) from ledger_transfer where status = 'RESERVED'") == 0);
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).until(() -> balanceOf(customer, customer2) == 40);
        assertEquals(0, count("billing", "select count(*) from ledger_transfer where kind = 'REFUND' and channel_id = '" + channelId + "'"),
                "the trial days WHAPI returned are not refunded");
        assertNoViolation(as(admin).get("/api/v1/ledger/audit").then().statusCode(200).extract().jsonPath());
    }

    /**
     * A crash in the middle of the saga: channel-service is killed with SIGKILL while WHAPI's
     * extend is in flight, and started again. The saga finishes exactly once: one extend at WHAPI,
     * one ChannelExtended, the days confirmed.
     */
    @Test
    @Order(6)
    void channelServiceKilledMidSagaFinishesItExactlyOnce() throws Exception {
        String admin = token("admin");
        String customer = token("customer-2");
        String channelId = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(
                () -> as(customer).body(Map.of("name", "Crash")).post("/api/v1/channels").then().extract(),
                answer -> answer.statusCode() == 201).path("id");
        String whapiId = whapiIdOf(channelId);
        long before = given().baseUri(SANDBOX).header("Authorization", "Bearer sandbox-partner-token")
                .get("/manager/channels/" + whapiId).then().extract().jsonPath().getLong("activeTill");
        given().baseUri(SANDBOX).contentType(ContentType.JSON).body(Map.of("kind", "LATENCY", "method", "POST",
                "pathPattern", "/manager/channels/" + whapiId + "/extend", "delayMs", 3000, "times", 1))
                .post("/_sandbox/faults").then().statusCode(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> as(admin).body(Map.of("channelId", channelId, "days", 10,
                "comment", "crash drill")).post("/api/v1/ledger/extensions").then().extract().statusCode() == 202);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("channel", "select count(*) from extension_request where channel_id = '"
                + channelId + "' and call_started_at is not null") == 1);

        platform.killAndRestart("channel-service");

        await().atMost(Duration.ofSeconds(90)).until(() -> count("billing", "select count(*) from ledger_transfer where kind = 'EXTEND' "
                + "and status = 'CONFIRMED' and channel_id = '" + channelId + "'") == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> platform.records("channel.events").stream()
                .filter(r -> channelId.equals(r.key()))
                .filter(r -> new String(r.headers().lastHeader("ce_type").value()).equals("channel.ChannelExtended.v1")).count() == 1);
        assertEquals(1, given().baseUri(SANDBOX).get("/_sandbox/whapi/channels/" + whapiId + "/extensions").then().statusCode(200)
                .extract().jsonPath().getList("$").size(), "WHAPI extended the channel once");
        long after = given().baseUri(SANDBOX).header("Authorization", "Bearer sandbox-partner-token")
                .get("/manager/channels/" + whapiId).then().extract().jsonPath().getLong("activeTill");
        assertEquals(before + 10 * DAY_MS, after);
        assertNoViolation(as(admin).get("/api/v1/ledger/audit").then().statusCode(200).extract().jsonPath());
    }

    private static void assertNoViolation(io.restassured.path.json.JsonPath report) {
        Map<String, List<String>> violations = report.getMap("violations");
        assertTrue(!violations.isEmpty(), "the audit lists its rules");
        violations.forEach((rule, found) -> assertTrue(found.isEmpty(), rule + ": " + found));
    }

    private static long balanceOf(String token, String customerId) {
        return as(token).get("/api/v1/customers/" + customerId + "/balance").then().statusCode(200).extract().<Integer>path("balanceDays");
    }

    private static long count(String database, String query) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:15432/" + database, "postgres", "postgres");
             var s = c.createStatement(); var rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int sql(String database, String statement) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:15432/" + database, "postgres", "postgres");
             var s = c.createStatement()) {
            return s.executeUpdate(statement);
        }
    }

    private static long sqlCount(String database) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:15432/" + database, "postgres", "postgres");
             var s = c.createStatement(); var rs = s.executeQuery("select count(*) from outbox_event where sent_at is null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A fingerprint of every business table of a service's database (outbox and dedup bookkeeping excluded). */
    private static String stateOf(String database) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:15432/" + database, "postgres", "postgres");
             var s = c.createStatement()) {
            List<String> tables = new java.util.ArrayList<>();
            try (var rs = s.executeQuery("select tablename from pg_tables where schemaname = 'public' and tablename not in "
                    + "('outbox_event', 'processed_event', 'flyway_schema_history', 'job_lease') order by tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            StringBuilder fingerprint = new StringBuilder();
            for (String table : tables) {
                try (var rs = s.executeQuery("select '" + table + "=' || count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from \"" + table + "\" t")) {
                    rs.next();
                    fingerprint.append(rs.getString(1)).append(' ');
                }
            }
            return fingerprint.toString();
        }
    }

    /**
     * The calls each provider received, but the channel lists: channel-service's auditor reads WHAPI's
     * list on a timer (every minute), whatever the drill does, so it would make the count flaky.
     */
    private static Map<String, Object> providerCalls() {
        Map<String, Object> calls = new java.util.HashMap<>(given().baseUri(SANDBOX).get("/_sandbox/stats/calls").then().statusCode(200)
                .extract().jsonPath().getMap("$"));
        long lists = ((Number) calls.remove("whapiChannelLists")).longValue();
        calls.put("whapiManager", ((Number) calls.get("whapiManager")).longValue() - lists);
        return calls;
    }

    /** events_consumed_total{outcome="duplicate"} per port:consumer. */
    private static Map<String, Double> duplicates() {
        Map<String, Double> counts = new java.util.HashMap<>();
        for (int port : List.of(8081, 8082, 8083)) {
            String metrics = given().baseUri("http://127.0.0.1:" + port).get("/q/metrics").then().extract().asString();
            var m = java.util.regex.Pattern.compile("events_consumed_total\\{consumer=\"([^\"]+)\",outcome=\"duplicate\"[^}]*} ([0-9.E]+)")
                    .matcher(metrics);
            while (m.find()) {
                counts.put(port + ":" + m.group(1), Double.parseDouble(m.group(2)));
            }
            for (String consumer : List.of("billing.channel-events", "channel.billing-events", "messaging.billing-events", "messaging.channel-events",
                    "messaging.endpoint-events")) {
                counts.putIfAbsent(port + ":" + consumer, 0.0);
            }
        }
        return counts;
    }

    /** A path with every {parameter} (or sample id) reduced to {}. */
    private static String shape(String path) {
        return path.replaceAll("\\{[^}]+}", "{}").replaceAll("00000000-0000-0000-0000-000000000001", "{}");
    }

    private static RequestSpecification as(String token) {
        return given().baseUri(GATEWAY).auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** A token Keycloak issued to a demo user (password grant). */
    private static String token(String user) {
        return platform.keycloak().tokenFor(user);
    }

    /** WHAPI's id of the channel: only the sandbox's own list shows it (our API never does). */
    private static String whapiIdOf(String channelId) {
        List<Map<String, Object>> channels = given().baseUri(SANDBOX).header("Authorization", "Bearer sandbox-partner-token")
                .get("/manager/channels/list?count=100").then().statusCode(200).extract().jsonPath().getList("channels");
        return channels.stream().filter(c -> String.valueOf(c.get("name")).endsWith("[" + channelId.substring(0, 8) + "]"))
                .map(c -> String.valueOf(c.get("id"))).findFirst().orElseThrow();
    }
}
