package app.reseller.messaging.webhooks;

import app.reseller.infra.SharedInfra;
import app.reseller.infra.TestEvents;
import app.reseller.messaging.MessagingTest;
import app.reseller.messaging.MessagingTestSupport;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageReceived;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.messaging.MessagingTestSupport.event;
import static app.reseller.messaging.MessagingTestSupport.eventId;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answer;
import static app.reseller.messaging.webhooks.WebhookTestSupport.newReceiver;
import static app.reseller.messaging.webhooks.WebhookTestSupport.register;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * messaging consumes channel.events a poll at a time, in one transaction: a busy channel's messages all on
 * Kafka at once are applied in batches (each once, a copy in the same poll too), and an event whose data
 * does not read, in the middle of them, goes to the dead-letter topic alone while the others are queued.
 */
@MessagingTest
class ChannelEventsInBatchesTest {

    private static final String CONSUMER = "messaging.channel-events";
    private static final int MESSAGES = 150;

    @Test
    void aBusyChannelsEventsAreAppliedAPollAtATimeAndABadOneGoesApart() throws Exception {
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 204, 0, 0);
        String endpoint = register(customer, receiver, List.of("message.received")).id();
        String channel = UUID.randomUUID().toString();
        double batchesBefore = metric("events_batches_total", "committed");
        double splitBefore = metric("events_batches_total", "split");

        List<ProducerRecord<String, String>> records = new ArrayList<>();
        records.add(event("channel.events", channel, ChannelCreated.TYPE, Map.of("channelId", channel, "customerId", customer, "name", "c", "mode", "LIVE")));
        for (int i = 0; i < MESSAGES; i++) {
            records.add(event("channel.events", channel, ChannelMessageReceived.TYPE, Map.of("messageId", UUID.randomUUID(), "channelId", channel,
                    "customerId", customer, "chatId", "chat-" + (i % 7) + "@s.whatsapp.net", "kind", "text", "body", "#" + i,
                    "whapiMessageId", "w-" + UUID.randomUUID(), "at", Instant.now().toString())));
            if (i == MESSAGES / 2) {
                records.add(TestEvents.cloudEvent("channel.events", channel, ChannelMessageReceived.TYPE, "/reseller/test", "not json"));
            }
        }
        ProducerRecord<String, String> bad = records.get(MESSAGES / 2 + 2);
        records.add(records.get(10)); // the relay published one event twice
        SharedInfra.get().kafka().send(records);

        await().atMost(Duration.ofSeconds(60)).until(() ->
                DB.number("select count(*) from webhook_delivery where endpoint_id = '" + endpoint + "'") == MESSAGES);
        String badId = eventId(bad);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestEvents.records("channel.events.messaging-dlq", r -> badId.equals(TestEvents.header(r, "ce_id"))).size() == 1);
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(2)).until(() ->
                DB.number("select count(*) from webhook_delivery where endpoint_id = '" + endpoint + "'") == MESSAGES);

        assertEquals(MESSAGES, DB.number("select count(distinct event_id) from webhook_delivery where endpoint_id = '" + endpoint + "'"),
                "each message queued once, the copy too");
        // a poll's deliveries go in one statement: each chat's are still queued in its messages' order (seq is the queue's order)
        java.util.Map<String, List<Integer>> byChat = new java.util.LinkedHashMap<>();
        for (String row : DB.strings("select ordering_key || '|' || (cast(payload as jsonb) -> 'data' ->> 'body') from webhook_delivery"
                + " where endpoint_id = '" + endpoint + "' order by seq")) {
            String[] parts = row.split("\\|");
            byChat.computeIfAbsent(parts[0], chat -> new ArrayList<>()).add(Integer.parseInt(parts[1].substring(1)));
        }
        assertEquals(7, byChat.size(), "one queue per chat");
        byChat.forEach((chat, numbers) -> assertEquals(numbers.stream().sorted().toList(), numbers, "chat " + chat + " in order"));
        String ids = String.join("', '", records.stream().map(MessagingTestSupport::eventId).distinct().toList());
        assertEquals(MESSAGES + 1, DB.number("select count(*) from processed_event where consumer = '" + CONSUMER
                + "' and event_id in ('" + ids + "')"), "every good event recorded once, the bad one not");
        assertTrue(metric("events_batches_total", "committed") > batchesBefore,
                "polls applied in one transaction each (a record at a time commits no batch)");
        assertTrue(metric("events_batches_total", "split") > splitBefore, "the bad event's poll was split to set it apart");
    }



    private static double metric(String name, String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile(name + "\\{consumer=\"" + CONSUMER.replace(".", "\\.") + "\",outcome=\"" + outcome
                + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
