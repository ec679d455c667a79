package app.reseller.messaging.webhooks;

import app.reseller.infra.SharedInfra;
import app.reseller.infra.TestEvents;
import app.reseller.messaging.MessagingTest;
import app.reseller.messaging.MessagingTestSupport;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageReceived;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.webhooks.WebhookTestSupport.newReceiver;
import static app.reseller.messaging.webhooks.WebhookTestSupport.register;
import static org.awaitility.Awaitility.await;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): webhook deliveries
 * from platform events on the real Kafka and PostgreSQL to the sandbox's receiver (its own process),
 * each signed (HMAC-SHA256) and logged.
 * <ul>
 *   <li>throughput: a burst of message.received events over many channels (one ordered queue per
 *       channel), from the first event on Kafka to the last 2xx at the receiver;</li>
 *   <li>latency at a steady rate: from the event's time (ce_time, set as it is produced, what the
 *       outbox relay stamps at the commit) to its arrival at the receiver, p50 / p99 / max.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl messaging-service -am verify -Dtest=WebhookDeliveryBenchmark -Dbench.burst=5000 -Dbench.rate=100 -Dbench.seconds=30
 * </pre>
 */
@Tag("benchmark")
@MessagingTest
class WebhookDeliveryBenchmark {

    @Test
    void deliveriesPerSecondAndLagFromEventToDelivery() throws Exception {
        int burst = Integer.getInteger("bench.burst", 5000);
        int channels = Integer.getInteger("bench.channels", 200);
        int rate = Integer.getInteger("bench.rate", 100);
        int seconds = Integer.getInteger("bench.seconds", 30);

        // warm-up, untimed
        run(500, channels, 0, 0);
        StringBuilder report = new StringBuilder(String.format("%n=== webhook deliveries, messaging-service -> sandbox receiver ===%n"));
        var b = run(burst, channels, 0, 0);
        report.append(String.format("burst: %d deliveries over %d channels in %.2f s = %.0f deliveries/s (signed, logged, 2xx)%n",
                burst, channels, b.seconds, burst / b.seconds));
        var s = run(rate * seconds, channels, rate, seconds);
        report.append(String.format("steady %d events/s for %d s: event -> delivery p50 %d ms, p99 %d ms, max %d ms (%d deliveries)%n",
                rate, seconds, s.p(0.50), s.p(0.99), s.lags.get(s.lags.size() - 1), s.lags.size()));
        System.out.println(report);
    }

    private record Result(double seconds, List<Long> lags) {
        long p(double q) {
            return lags.get(Math.min(lags.size() - 1, (int) Math.ceil(q * lags.size()) - 1));
        }
    }

    private static Result run(int events, int channels, int rate, int seconds) throws Exception {
        String customer = newCustomer();
        String receiver = newReceiver();
        register(customer, receiver, List.of("message.received"));
        List<String> channelIds = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            channelIds.add(UUID.randomUUID().toString());
        }
        Instant start;
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", SharedInfra.get().kafka().bootstrapServers(), "linger.ms", 0,
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName()))) {
            start = Instant.now();
            long intervalNanos = rate == 0 ? 0 : 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < events; i++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                producer.send(record(customer, channelIds.get(i % channels), i));
                next += intervalNanos;
            }
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> delivered(receiver).size() >= events);
        var deliveries = delivered(receiver);
        Instant last = deliveries.stream().map(d -> Instant.parse(d.path("receivedAt").asText())).max(Instant::compareTo).orElseThrow();
        List<Long> lags = new ArrayList<>();
        for (var d : deliveries) {
            Instant eventAt = Instant.parse(MessagingTestSupport.JSON.readTree(d.path("body").asText()).path("timestamp").asText());
            lags.add(Duration.between(eventAt, Instant.parse(d.path("receivedAt").asText())).toMillis());
        }
        lags.sort(Long::compare);
        MessagingTestSupport.sandbox().delete("/_sandbox/webhook-receiver/" + receiver);
        return new Result(Duration.between(start, last).toMillis() / 1000.0, lags);
    }

    /** The receiver's 2xx-answered deliveries, read with Jackson (thousands of them: RestAssured's JsonPath is far too slow). */
    private static List<com.fasterxml.jackson.databind.JsonNode> delivered(String receiver) throws Exception {
        String json = MessagingTestSupport.sandbox().get("/_sandbox/webhook-receiver/" + receiver).then().statusCode(200).extract().asString();
        List<com.fasterxml.jackson.databind.JsonNode> ok = new ArrayList<>();
        for (var d : MessagingTestSupport.JSON.readTree(json)) {
            if (d.path("answered").asInt() < 300) {
                ok.add(d);
            }
        }
        return ok;
    }

    private static ProducerRecord<String, String> record(String customer, String channel, int n) throws Exception {
        ProducerRecord<String, String> record = TestEvents.cloudEvent("channel.events", channel, ChannelMessageReceived.TYPE, "/reseller/bench",
                MessagingTestSupport.JSON.writeValueAsString(Map.of("messageId", UUID.randomUUID(), "channelId", channel,
                        "customerId", customer, "chatId", "6281200000000@s.whatsapp.net", "kind", "text", "body", "message " + n,
                        "whapiMessageId", "w-" + UUID.randomUUID(), "at", Instant.now().toString())));
        record.headers().add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
