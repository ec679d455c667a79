package app.reseller.channel;

import app.reseller.infra.TestIdentity;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageReceived;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageStatusChanged;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sending through the customer's own channel: only once it is linked, recipients normalised,
 * statuses from WHAPI's webhooks only ever moving up, once per Idempotency-Key, TRIAL limits
 * refused clearly, another customer's channel a 404.
 */
@ChannelTest
class ChannelMessagesTest {

    @Test
    void aLinkedChannelSendsTextAndImageAndTheirStatusesArrive() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 3);

        var text = asCustomer(customer).body(Map.of("to", "+62 812-3456-7890", "type", "text", "text", "Halo!",
                        "clientReference", "order-42")).post("/channels/" + channel + "/messages")
                .then().statusCode(201).body("chatId", is("6281234567890@s.whatsapp.net")).body("status", is("ACCEPTED"))
                .body("whapiMessageId", notNullValue()).header("X-Trial-Messages-Left", "149").extract().jsonPath();
        String textId = text.getString("id");
        asCustomer(customer).body(Map.of("to", "6281234567890", "type", "image", "mediaUrl", "https://example.com/p.jpg",
                        "caption", "the product", "replyTo", text.getString("whapiMessageId")))
                .post("/channels/" + channel + "/messages").then().statusCode(201).body("type", is("image"));

        // WHAPI got what it documents: the chat id, the body, the media and the quoted message
        var sent = sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/sent").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("text", "image"), sent.getList("type"));
        assertEquals("Halo!", sent.getString("[0].text.body"));
        assertEquals("https://example.com/p.jpg", sent.getString("[1].image.link"));
        assertEquals(text.getString("whapiMessageId"), sent.getString("[1].context.quoted_id"));

        // sent -> delivered -> read, from the statuses webhooks
        await().atMost(Duration.ofSeconds(20)).until(() -> "READ".equals(asCustomer(customer)
                .get("/channels/" + channel + "/messages/" + textId).then().extract().path("status")));
        asCustomer(customer).get("/channels/" + channel + "/messages/" + textId).then()
                .body("timeline.status", is(List.of("SENT", "DELIVERED", "READ"))).body("clientReference", is("order-42"));
        asCustomer(customer).get("/channels/" + channel + "/messages?chat=+6281234567890").then().statusCode(200)
                .body("size()", is(2)).body("[1].id", is(textId));

        // each status entered the timeline as one event on Kafka, keyed by the channel, with the client reference
        await().atMost(Duration.ofSeconds(20)).until(() -> statusEventsOf(channel, textId).size() == 3);
        var events = statusEventsOf(channel, textId);
        assertEquals(List.of("SENT", "DELIVERED", "READ"), events.stream().map(e -> e.path("status").asText()).toList());
        assertEquals(List.of("SENT", "DELIVERED", "READ"), events.stream().map(e -> e.path("currentStatus").asText()).toList());
        assertEquals("order-42", events.get(2).path("clientReference").asText());
        assertEquals(customer, events.get(2).path("customerId").asText());
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> statusEventsOf(String channel, String messageId) {
        return channelEvents(ChannelMessageStatusChanged.TYPE, channel).stream()
                .map(ChannelTestSupport::data).filter(e -> messageId.equals(e.path("messageId").asText())).toList();
    }

    @Test
    void aFileUploadedWithTheMessageGoesToWhapiAsADataUriAndOnlyItsChecksumIsKept() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 3);
        String png = java.util.Base64.getEncoder().encodeToString(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3});
        Map<String, Object> upload = Map.of("data", png, "mimeType", "image/png", "fileName", "receipt.png");
        String path = "/channels/" + channel + "/messages";
        var sent = asCustomer(customer).header("Idempotency-Key", "upload-1")
                .body(Map.of("to", "6281234567890", "type", "image", "upload", upload, "caption", "your receipt"))
                .post(path).then().statusCode(201).body("type", is("image")).extract().jsonPath();
        assertTrue(sent.getString("mediaUrl").matches("upload:receipt\\.png#sha256=[0-9a-f]{64}"), sent.getString("mediaUrl"));
        var atWhapi = sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/sent").then().statusCode(200).extract().jsonPath();
        assertEquals("data:image/png;name=receipt.png;base64," + png, atWhapi.getString("[0].image.link"));
        // the same key and file: the first answer, nothing sent; the same key with another file: refused
        asCustomer(customer).header("Idempotency-Key", "upload-1")
                .body(Map.of("to", "6281234567890", "type", "image", "upload", upload, "caption", "your receipt"))
                .post(path).then().statusCode(200).body("id", is(sent.getString("id")));
        asCustomer(customer).header("Idempotency-Key", "upload-1").body(Map.of("to", "6281234567890", "type", "image",
                        "upload", Map.of("data", java.util.Base64.getEncoder().encodeToString(new byte[]{1}), "mimeType", "image/png"),
                        "caption", "your receipt"))
                .post(path).then().statusCode(422);
        assertEquals(1, sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/sent").then().extract().jsonPath()
                .getList("$").size());

        for (var refused : List.<Map<String, Object>>of(
                Map.of("to", "6281234567890", "type", "image", "upload", Map.of("data", png, "mimeType", "application/pdf")),
                Map.of("to", "6281234567890", "type", "video", "upload", Map.of("data", "not base64!", "mimeType", "video/mp4")),
                Map.of("to", "6281234567890", "type", "image", "upload", upload, "mediaUrl", "https://example.com/a.png"),
                Map.of("to", "6281234567890", "type", "text", "text", "hi", "upload", upload),
                Map.of("to", "6281234567890", "type", "document", "upload", Map.of("data", png, "mimeType", "text/plain",
                        "fileName", "a;b.txt")))) {
            asCustomer(customer).body(refused).post(path).then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(1, sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/sent").then().extract().jsonPath()
                .getList("$").size(), "nothing refused reached WHAPI");
    }

    @Test
    void aStatusThatArrivesLateOrTwiceNeverMovesAMessageDown() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 3);
        String id = asCustomer(customer).body(Map.of("to", "6281234567890", "type", "text", "text", "x"))
                .post("/channels/" + channel + "/messages").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "READ".equals(DB.strings("select status from channel_message where id = '" + id + "'").get(0)));
        String whapiId = DB.strings("select whapi_message_id from channel_message where id = '" + id + "'").get(0);
        int deliveriesBefore = sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/webhook-deliveries").then()
                .extract().jsonPath().getList("$").size();

        // WHAPI sends a late "delivered" and "read" again
        for (String status : List.of("delivered", "read")) {
            sandbox().body(Map.of("messageId", whapiId, "status", status)).post("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/statuses")
                    .then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/webhook-deliveries")
                .then().extract().jsonPath().getList("status").size() == deliveriesBefore + 2);
        sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/webhook-deliveries").then()
                .body("status", org.hamcrest.Matchers.everyItem(is(200))); // acknowledged: stored (or known) before the answer
        assertEquals(List.of("READ"), DB.strings("select status from channel_message where id = '" + id + "'"));
        assertEquals(3L, DB.number("select count(*) from whapi_message_status where whapi_message_id = '" + whapiId + "'"),
                "each status once");
        assertEquals(3L, DB.number("select count(*) from outbox_event where type = '" + ChannelMessageStatusChanged.TYPE
                + "' and payload->>'messageId' = '" + id + "'"), "a repeated status writes no event");
    }

    @Test
    void receivedMessagesAreStoredOnceAndTheChatShowsBothDirections() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 3);
        asCustomer(customer).body(Map.of("to", "6281277770000", "type", "text", "text", "Hi, how can we help?"))
                .post("/channels/" + channel + "/messages").then().statusCode(201);
        String whapiId = sandbox().body(Map.of("from", "6281277770000", "text", "Where is my order?"))
                .post("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/inbound").then().statusCode(200).extract().path("message.id");
        await().atMost(Duration.ofSeconds(10)).until(() -> DB.number("select count(*) from channel_message where whapi_message_id = '"
                + whapiId + "'") == 1);
        // WHAPI repeats the webhook (it saw no answer): still one message
        int before = sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/webhook-deliveries").then().extract()
                .jsonPath().getList("$").size();
        sandbox().body(Map.of("id", whapiId, "from", "6281277770000", "text", "Where is my order?"))
                .post("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/inbound").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel)
                + "/webhook-deliveries").then().extract().jsonPath().getList("$").size() > before);
        assertEquals(1L, DB.number("select count(*) from channel_message where whapi_message_id = '" + whapiId + "'"));
        assertEquals(1L, DB.number("select count(*) from outbox_event where type = '" + ChannelMessageReceived.TYPE
                + "' and aggregateid = '" + channel + "'"), "one event for the message, none for the repeated webhook");
        await().atMost(Duration.ofSeconds(10)).until(() -> channelEvents(ChannelMessageReceived.TYPE, channel).size() == 1);
        var received = channelEvents(ChannelMessageReceived.TYPE, channel);
        assertEquals("Where is my order?", ChannelTestSupport.data(received.get(0)).path("body").asText());
        assertEquals("6281277770000@s.whatsapp.net", ChannelTestSupport.data(received.get(0)).path("chatId").asText());

        asCustomer(customer).get("/channels/" + channel + "/messages?chat=6281277770000").then().statusCode(200)
                .body("direction", org.hamcrest.Matchers.hasItems("IN", "OUT")).body("find { it.direction == 'IN' }.text", is("Where is my order?"))
                .body("find { it.direction == 'IN' }.status", is("RECEIVED"));
        asCustomer(customer).get("/channels/" + channel + "/chats").then().statusCode(200)
                .body("[0].chatId", is("6281277770000@s.whatsapp.net")).body("[0].sent", is(1)).body("[0].received", is(1));
        asCustomer(newCustomer()).get("/channels/" + channel + "/chats").then().statusCode(404);
    }

    @Test
    void theCustomerLogsThePhoneOutAndRestartsTheChannel() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 3);
        asCustomer(newCustomer()).post("/channels/" + channel + "/logout").then().statusCode(404);
        asCustomer(customer).post("/channels/" + channel + "/logout").then().statusCode(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> "QR".equals(asCustomer(customer).get("/channels/" + channel)
                .then().extract().path("linkStatus")));
        asCustomer(customer).post("/channels/" + channel + "/logout").then().statusCode(202); // already out: the state asked for
        asCustomer(customer).body(Map.of("to", "6281234567890", "type", "text", "text", "hi")).post("/channels/" + channel + "/messages")
                .then().statusCode(409).body("type", is("urn:reseller:problem:channel-not-linked"));

        long restarts = app.reseller.channel.ChannelTestSupport.wire().count(e -> e.method().equals("POST") && e.path().endsWith("/restart"));
        asCustomer(customer).post("/channels/" + channel + "/restart").then().statusCode(202);
        asCustomer(newCustomer()).post("/channels/" + channel + "/restart").then().statusCode(404);
        assertEquals(restarts + 1, app.reseller.channel.ChannelTestSupport.wire().count(e -> e.method().equals("POST") && e.path().endsWith("/restart")),
                "one restart reached WHAPI");
    }

    @Test
    void anUnlinkedChannelAnOtherCustomersChannelAndBadRecipientsAreRefusedClearly() {
        String customer = newCustomer();
        entitle(customer, 1, 10);
        String channel = createChannel(customer, "not linked yet");
        await().until(() -> DB.number("select count(*) from channel where id = '" + channel + "' and webhooks_configured") == 1);
        asCustomer(customer).body(Map.of("to", "6281234567890", "type", "text", "text", "hi"))
                .post("/channels/" + channel + "/messages").then().statusCode(409).contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:channel-not-linked"));
        asCustomer(newCustomer()).body(Map.of("to", "6281234567890", "type", "text", "text", "hi"))
                .post("/channels/" + channel + "/messages").then().statusCode(404);
        String linked = linkedChannel(newCustomer(), 3);
        String owner = DB.strings("select customer_id from channel where id = '" + linked + "'").get(0);
        asCustomer(owner).body(Map.of("to", "081234567890", "type", "text", "text", "hi"))
                .post("/channels/" + linked + "/messages").then().statusCode(400).body("type", is("urn:reseller:problem:recipient-not-international"));
        asCustomer(owner).body(Map.of("to", "6281234567890", "type", "image", "mediaUrl", "http://plain.example/p.jpg"))
                .post("/channels/" + linked + "/messages").then().statusCode(400);
        // an expired channel
        DB.execute("update channel set active_till = now() - interval '1 minute' where id = '" + linked + "'");
        asCustomer(owner).body(Map.of("to", "6281234567890", "type", "text", "text", "hi"))
                .post("/channels/" + linked + "/messages").then().statusCode(409).body("type", is("urn:reseller:problem:channel-expired"));
        assertEquals(0L, DB.number("select count(*) from channel_message where channel_id in ('" + channel + "', '" + linked + "')"),
                "nothing refused was stored");
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeySendsNothingNew() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 3);
        Map<String, String> body = Map.of("to", "6281234567890", "type", "text", "text", "once");
        String first = asCustomer(customer).header("Idempotency-Key", "send-1").body(body).post("/channels/" + channel + "/messages")
                .then().statusCode(201).extract().path("id");
        asCustomer(customer).header("Idempotency-Key", "send-1").body(body).post("/channels/" + channel + "/messages")
                .then().statusCode(200).body("id", is(first));
        asCustomer(customer).header("Idempotency-Key", "send-1").body(Map.of("to", "6281234567890", "type", "text", "text", "other"))
                .post("/channels/" + channel + "/messages").then().statusCode(422);
        assertEquals(1, sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/sent").then().extract()
                .jsonPath().getList("$").size(), "WHAPI was called once");
    }

    @Test
    void aTrialChannelIsRefusedClearlyAtItsLimitsBeforeWhapiIsCalled() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 3);
        // 149 sent today already: one more passes, the next is refused
        DB.execute("insert into trial_day_usage (channel_id, day, messages) values ('" + channel + "', (now() at time zone 'UTC')::date, 149)");
        asCustomer(customer).body(Map.of("to", "6281234567890", "type", "text", "text", "last")).post("/channels/" + channel + "/messages")
                .then().statusCode(201).header("X-Trial-Messages-Left", "0")
                .header("Warning", org.hamcrest.Matchers.containsString("0 trial message(s) left today"));
        asCustomer(customer).body(Map.of("to", "6281234567890", "type", "text", "text", "one too many")).post("/channels/" + channel + "/messages")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:trial-message-limit-reached")).body("limit", is(150));
        assertEquals(1, sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/sent").then().extract().jsonPath().getList("$").size());

        // five chats this month: a sixth is refused, an old one is fine
        String other = linkedChannel(customer, 3);
        for (String chat : List.of("6281100000001", "6281100000002", "6281100000003", "6281100000004", "6281100000005")) {
            asCustomer(customer).body(Map.of("to", chat, "type", "text", "text", "hi")).post("/channels/" + other + "/messages")
                    .then().statusCode(201);
        }
        asCustomer(customer).body(Map.of("to", "6281100000006", "type", "text", "text", "hi")).post("/channels/" + other + "/messages")
                .then().statusCode(409).body("type", is("urn:reseller:problem:trial-chat-limit-reached"));
        asCustomer(customer).body(Map.of("to", "6281100000003", "type", "text", "text", "again")).post("/channels/" + other + "/messages")
                .then().statusCode(201).header("X-Trial-Chats-Left", "0");
    }

    @Test
    void anApiKeyLimitedToAnotherChannelGets404() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 3);
        String identity = TestIdentity.apiKeyIdentity(customer, "key-" + UUID.randomUUID(), List.of("messages:send"),
                List.of(UUID.randomUUID().toString()));
        given().header("X-Reseller-Identity", identity).contentType(ContentType.JSON)
                .body(Map.of("to", "6281234567890", "type", "text", "text", "hi")).post("/channels/" + channel + "/messages")
                .then().statusCode(404);
        String allowed = TestIdentity.apiKeyIdentity(customer, "key-" + UUID.randomUUID(), List.of("messages:send"), List.of(channel));
        given().header("X-Reseller-Identity", allowed).contentType(ContentType.JSON)
                .body(Map.of("to", "6281234567890", "type", "text", "text", "hi")).post("/channels/" + channel + "/messages")
                .then().statusCode(201);
    }
}
