package app.reseller.messaging.webhooks;

import app.reseller.infra.TestEvents;
import app.reseller.messaging.MessagingTest;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageStatusChanged;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.messaging.MessagingTestSupport.JSON;
import static app.reseller.messaging.MessagingTestSupport.publish;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answer;
import static app.reseller.messaging.webhooks.WebhookTestSupport.newReceiver;
import static app.reseller.messaging.webhooks.WebhookTestSupport.register;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): one busy channel's
 * message statuses (SENT of every message, then DELIVERED, then READ) to one endpoint, all on
 * Kafka at once; prints how fast the webhook deliveries were queued and sent, with the receiver
 * (the sandbox's) answering 204 after {@code -Dbench.webhook.receiver-delay-ms} (default 0).
 *
 * <pre>
 * ./mvnw -B -o -ntp -Pbenchmark -pl messaging-service verify -Dtest=WebhookThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.webhook.messages=1000 -Dbench.webhook.receiver-delay-ms=0
 * </pre>
 */
@Tag("benchmark")
@MessagingTest
class WebhookThroughputBenchmark {

    @Inject
    MeterRegistry metrics;

    private static final List<String> STATUSES = List.of("SENT", "DELIVERED", "READ");

    @Test
    void oneBusyChannelsStatusesToOneEndpoint() throws Exception {
        int messages = Integer.getInteger("bench.webhook.messages", 1000);
        long delayMs = Long.getLong("bench.webhook.receiver-delay-ms", 0);
        round("warm-up", Math.max(1, messages / 5), delayMs);
        round("measured", messages, delayMs);
    }

    private void round(String round, int messages, long delayMs) throws Exception {
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 204, delayMs, 0);
        String endpoint = register(customer, receiver, List.of("message.status")).id();
        String channel = UUID.randomUUID().toString();
        publish("channel.events", channel, ChannelCreated.TYPE, Map.of("channelId", channel, "customerId", customer, "name", "c", "mode", "LIVE"));
        List<ProducerRecord<String, String>> events = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            ids.add(UUID.randomUUID());
        }
        for (String status : STATUSES) {
            for (UUID message : ids) {
                events.add(TestEvents.cloudEvent("channel.events", channel, ChannelMessageStatusChanged.TYPE, "/reseller/bench",
                        JSON.writeValueAsString(Map.of("messageId", message, "channelId", channel, "customerId", customer,
                                "whapiMessageId", "w-" + message, "status", status, "currentStatus", status, "at", Instant.now().toString()))));
            }
        }
        int total = events.size();
        var groups = metrics.find("webhooks.outcomes.batch").summary();
        long groupsBefore = groups == null ? 0 : groups.count();
        double recordedBefore = groups == null ? 0 : groups.totalAmount();
        long t0 = System.nanoTime();
        app.reseller.infra.SharedInfra.get().kafka().send(events); // all at once: the producer batches them
        long queuedAt = 0;
        long deadline = t0 + 600_000_000_000L;
        while (true) {
            long queued = DB.number("select count(*) from webhook_delivery where endpoint_id = '" + endpoint + "'");
            long delivered = DB.number("select count(*) from webhook_delivery where endpoint_id = '" + endpoint + "' and status = 'DELIVERED'");
            if (queuedAt == 0 && queued == total) {
                queuedAt = System.nanoTime();
            }
            if (delivered == total) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(round + ": " + delivered + " of " + total + " delivered after 10 minutes");
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long attempts = DB.number("select count(*) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id where d.endpoint_id = '"
                + endpoint + "'");
        System.out.printf("[bench] %s: %d statuses of %d messages of one channel to one endpoint (receiver answers after %d ms):"
                        + " all queued in %.1f s, all delivered in %.1f s: %.0f deliveries/s, %d attempts%n",
                round, total, messages, delayMs, (queuedAt - t0) / 1e9, seconds, total / seconds, attempts);
        System.out.printf("[bench] %s: an attempt's POST took (p50 / p99 / max ms) %s%n", round, DB.strings("select percentile_disc(0.5)"
                + " within group (order by a.latency_ms) || ' / ' || percentile_disc(0.99) within group (order by a.latency_ms) || ' / '"
                + " || max(a.latency_ms) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id where d.endpoint_id = '"
                + endpoint + "'").get(0));
        groups = metrics.find("webhooks.outcomes.batch").summary();
        if (groups != null) {
            long transactions = groups.count() - groupsBefore;
            double recorded = groups.totalAmount() - recordedBefore;
            System.out.printf("[bench] %s: outcomes recorded by %d transactions, %.1f a transaction%n", round, transactions,
                    transactions == 0 ? 0 : recorded / transactions);
        }
    }
}
