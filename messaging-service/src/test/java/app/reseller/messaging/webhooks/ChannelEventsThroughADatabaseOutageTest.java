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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * messaging's database goes away again and again while a busy channel's events arrive: every connection
 * to it is terminated every few milliseconds, so the channel.events consumer's poll transactions die
 * wherever the cut finds them (before the processed marks, between two events' effects, at the commit).
 * A poll that dies commits nothing and is retried whole; nothing is dead-lettered for a broken connection,
 * and every event is queued for the endpoint exactly once.
 */
@MessagingTest
class ChannelEventsThroughADatabaseOutageTest {

    private static final String CONSUMER = "messaging.channel-events";
    private static final int WAVES = 4;
    private static final int EACH = 100;
    private static final String CUT_EVERY_CONNECTION = """
            select count(pg_terminate_backend(pid)) from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'""";

    @Test
    void pollsCutMidTransactionAreRetriedWholeAndEachEventIsQueuedOnce() throws Exception {
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 204, 0, 0);
        String endpoint = register(customer, receiver, List.of("message.received")).id();
        String channel = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        ProducerRecord<String, String> created = event("channel.events", channel, ChannelCreated.TYPE,
                Map.of("channelId", channel, "customerId", customer, "name", "c", "mode", "LIVE"));
        ids.add(eventId(created));
        SharedInfra.get().kafka().send(List.of(created));
        double retriedBefore = retried();

        AtomicBoolean publishing = new AtomicBoolean(true);
        CompletableFuture<Long> cuts = CompletableFuture.supplyAsync(() -> {
            long terminated = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            // until the events are all on Kafka and the consumer has provably been hit (polls retried)
            while ((publishing.get() || retried() - retriedBefore < 3) && System.nanoTime() < deadline) {
                terminated += DB.number(CUT_EVERY_CONNECTION);
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return terminated;
        });
        try {
            for (int wave = 0; wave < WAVES; wave++) {
                List<ProducerRecord<String, String>> records = new ArrayList<>();
                for (int i = 0; i < EACH; i++) {
                    records.add(event("channel.events", channel, ChannelMessageReceived.TYPE, Map.of("messageId", UUID.randomUUID(), "channelId", channel,
                            "customerId", customer, "chatId", "chat-" + i + "@s.whatsapp.net", "kind", "text", "body", wave + "/" + i,
                            "whapiMessageId", "w-" + UUID.randomUUID(), "at", Instant.now().toString())));
                }
                records.forEach(record -> ids.add(eventId(record)));
                SharedInfra.get().kafka().send(records);
            }
        } finally {
            publishing.set(false);
        }
        long terminated = cuts.get();
        assertTrue(terminated > 0 && retried() - retriedBefore >= 3,
                "connections were cut (" + terminated + ") and the consumer retried a poll (" + (retried() - retriedBefore) + ")");

        int events = WAVES * EACH;
        await().atMost(Duration.ofSeconds(90)).until(() ->
                DB.number("select count(*) from webhook_delivery where endpoint_id = '" + endpoint + "'") == events);
        String inList = String.join("', '", ids);
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(2)).until(() ->
                DB.number("select count(*) from webhook_delivery where endpoint_id = '" + endpoint + "'") == events);
        assertEquals(events, DB.number("select count(distinct event_id) from webhook_delivery where endpoint_id = '" + endpoint + "'"));
        List<String> recorded = DB.strings("select event_id::text from processed_event where consumer = '" + CONSUMER
                + "' and event_id in ('" + inList + "')");
        assertEquals(events + 1, recorded.size(), "every event recorded once; not recorded: "
                + ids.stream().filter(id -> !recorded.contains(id)).map(id -> id.equals(ids.get(0)) ? id + " (ChannelCreated)" : id).toList());
        assertEquals(0, TestEvents.records("channel.events.messaging-dlq", r -> ids.contains(TestEvents.header(r, "ce_id"))).size(),
                "nothing dead-lettered for a broken connection");
    }



    private static double retried() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("events_consumed_total\\{consumer=\"messaging\\.channel-events\",outcome=\"retried\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
