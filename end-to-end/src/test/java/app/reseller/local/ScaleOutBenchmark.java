package app.reseller.local;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): does a second
 * messaging-service pod add throughput, split the work, and do nothing twice? The whole platform
 * runs as shipped (production JVM flags), one PostgreSQL, one Kafka broker. The same work, twice:
 * {@code bench.callbacks} Wappin inbound-message callbacks, {@code bench.concurrency} in flight, first
 * to one replica, then spread over two (as a Kubernetes Service spreads them). A callback is
 * stored with its outbox event before "000"; the relay publishes the event to Kafka; the consumer
 * group reads it. A round ends when every event of the round is on Kafka.
 * <p>It prints, per round: callbacks/s acknowledged and end to end, and per replica the callbacks it
 * stored, the events its relay published and the records its consumer read. It fails if a callback
 * is lost or stored twice, or if an event reaches Kafka twice (the relays of two pods racing).
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl end-to-end -am verify -Dtest=ScaleOutBenchmark -Dbench.callbacks=20000 -Dbench.concurrency=32
 * </pre>
 */
@Tag("benchmark")
class ScaleOutBenchmark {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int FIRST = 8083;
    private static final int SECOND = 8093;
    private static final Pattern PUBLISHED = Pattern.compile("(?m)^outbox_relay_published_total(?:\\{[^}]*})? ([0-9.E]+)");
    private static final Pattern CONSUMED = Pattern.compile(
            "(?m)^events_consumed_total\\{[^}]*consumer=\"messaging\\.messaging-events\"[^}]*} ([0-9.E]+)");
    private static final Pattern STORED = Pattern.compile(
            "(?m)^http_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*uri=\"/callbacks/wappin\"[^}]*} ([0-9.E]+)");

    @Test
    void aSecondReplicaSplitsTheWorkAndDoesNothingTwice() throws Exception {
        int callbacks = Integer.getInteger("bench.callbacks", 20_000);
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        LocalPlatform platform = new LocalPlatform(ROOT, ROOT.resolve("end-to-end/target/scale-out-state"))
                .withJvmFlags(LocalPlatform.JvmFlags.PRODUCTION);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            platform.start(true);
            String token = platform.callbackToken();
            post(vertx, token, "warm-up-1", callbacks / 2, concurrency, List.of(FIRST));
            awaitPublished("warm-up-1", callbacks / 2);
            Round one = round(vertx, token, "one", callbacks, concurrency, List.of(FIRST));

            platform.startReplica("messaging-service", SECOND, Boolean.getBoolean("bench.secondRelayOff")
                    ? Map.of("PLATFORM_OUTBOX_RELAY_ENABLED", "false") : Map.of());
            post(vertx, token, "warm-up-2", callbacks / 2, concurrency, List.of(SECOND)); // the new pod's JIT
            awaitPublished("warm-up-2", callbacks / 2);
            Round two = round(vertx, token, "two", callbacks, concurrency, List.of(FIRST, SECOND));

            Duplicates kafka = onKafka(List.of("one-", "two-"));
            System.out.printf("""

                    === scale-out: messaging-service, 1 then 2 replicas, %d inbound callbacks a round, %d in flight ===
                    %s
                    %s
                    two / one        %.2f acknowledged, %.2f end to end
                    on Kafka         %d records for %d events: %d published twice
                    ===================================================================================
                    %n""", callbacks, concurrency, one.line(), two.line(),
                    two.acknowledgedPerSecond() / one.acknowledgedPerSecond(), two.endToEndPerSecond() / one.endToEndPerSecond(),
                    kafka.records(), kafka.distinct(), kafka.records() - kafka.distinct());
            if (kafka.records() != kafka.distinct() || kafka.distinct() != 2 * callbacks) {
                throw new AssertionError("expected each of the " + 2 * callbacks + " events on Kafka once: " + kafka);
            }
        } finally {
            vertx.close();
            platform.stop();
        }
    }

    /** One round of the same work over the given replicas, and what each replica did of it. */
    private Round round(Vertx vertx, String token, String run, int callbacks, int concurrency, List<Integer> ports) throws Exception {
        Map<Integer, Work> before = work(ports);
        long t0 = System.nanoTime();
        post(vertx, token, run, callbacks, concurrency, ports);
        double acknowledged = (System.nanoTime() - t0) / 1e9;
        awaitPublished(run, callbacks);
        double endToEnd = (System.nanoTime() - t0) / 1e9;
        long stored = count("select count(*) from outbox_event where payload->>'wappinMessageId' like '" + run + "-%'");
        if (stored != callbacks) {
            throw new AssertionError(run + ": " + callbacks + " callbacks acknowledged, " + stored + " events stored");
        }
        Map<Integer, Work> after = awaitConsumed(ports, before, callbacks);
        Map<Integer, Work> done = new LinkedHashMap<>();
        ports.forEach(port -> done.put(port, after.get(port).minus(before.get(port))));
        return new Round(run, ports.size(), callbacks, acknowledged, endToEnd, done);
    }

    /** Posts the callbacks round-robin over the ports, {@code concurrency} in flight; every one must answer "000". */
    private static void post(Vertx vertx, String token, String run, int count, int concurrency, List<Integer> ports) throws Exception {
        List<HttpClient> clients = ports.stream().map(port -> vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(port).setMaxPoolSize(concurrency).setKeepAlive(true))).toList();
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String body = "{\"message_id\":\"" + run + "-" + i + "\",\"client_id\":\"sandbox-client\",\"project_id\":\"52\","
                    + "\"sender_number\":\"6281200000000\",\"status_messages\":\"-\",\"message_content\":\"hello " + i + "\","
                    + "\"environment\":\"PRODUCTION\",\"timestamp\":\"1763700000\",\"callback_type\":\"message\"}";
            inFlight.acquire();
            all.add(clients.get(i % clients.size()).request(HttpMethod.POST, "/callbacks/wappin")
                    .compose(request -> request.putHeader("Authorization", "Bearer " + token)
                            .putHeader("Content-Type", "application/json").send(body)
                            .compose(answer -> answer.body().map(b -> answer.statusCode() == 200 && b.toString().contains("\"000\""))))
                    .toCompletionStage().toCompletableFuture()
                    .handle((ok, failure) -> {
                        if (failure != null || !Boolean.TRUE.equals(ok)) {
                            failed.incrementAndGet();
                        }
                        inFlight.release();
                        return null;
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        clients.forEach(HttpClient::close);
        if (failed.get() > 0) {
            throw new AssertionError(run + ": " + failed.get() + " callbacks were not answered \"000\"");
        }
    }

    private static void awaitPublished(String run, int callbacks) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (count("select count(*) from outbox_event where payload->>'wappinMessageId' like '" + run + "-%' and sent_at is not null") < callbacks) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(run + ": not every event was published within 3 minutes");
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the consumer group read the round's records (on either replica); then what each replica did. */
    private static Map<Integer, Work> awaitConsumed(List<Integer> ports, Map<Integer, Work> before, int callbacks) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Map<Integer, Work> now = work(ports);
            long consumed = ports.stream().mapToLong(port -> now.get(port).consumed() - before.get(port).consumed()).sum();
            if (consumed >= callbacks) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consumers read " + consumed + " of " + callbacks + " records within 2 minutes");
            }
            Thread.sleep(200);
        }
    }

    /** Each replica's counters: callbacks answered 200, events its relay published, records its consumer read. */
    private static Map<Integer, Work> work(List<Integer> ports) throws Exception {
        Map<Integer, Work> work = new LinkedHashMap<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int port : ports) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            work.put(port, new Work(sum(STORED, metrics), sum(PUBLISHED, metrics), sum(CONSUMED, metrics)));
        }
        return work;
    }

    private static long sum(Pattern metric, String metrics) {
        double total = 0;
        Matcher m = metric.matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return Math.round(total);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalPlatform.POSTGRES_PORT + "/messaging",
                "postgres", "postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every record of messaging.events whose data names a callback of these runs, by CloudEvent id. */
    private static Duplicates onKafka(List<String> runs) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + LocalPlatform.KAFKA_PORT);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long records = 0;
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor("messaging.events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() != null && runs.stream().anyMatch(run -> record.value().contains("\"" + run))) {
                        Header id = record.headers().lastHeader("ce_id");
                        records++;
                        ids.add(id == null ? "none" : new String(id.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return new Duplicates(records, ids.size());
    }

    record Duplicates(long records, long distinct) {
    }

    record Work(long stored, long published, long consumed) {
        Work minus(Work before) {
            return new Work(stored - before.stored, published - before.published, consumed - before.consumed);
        }
    }

    record Round(String name, int replicas, int callbacks, double acknowledgedSeconds, double endToEndSeconds, Map<Integer, Work> done) {

        double acknowledgedPerSecond() {
            return callbacks / acknowledgedSeconds;
        }

        double endToEndPerSecond() {
            return callbacks / endToEndSeconds;
        }

        String line() {
            StringBuilder line = new StringBuilder(String.format(
                    "%d replica(s)     %.0f callbacks/s acknowledged, %.0f/s end to end (every event on Kafka)",
                    replicas, acknowledgedPerSecond(), endToEndPerSecond()));
            long stored = done.values().stream().mapToLong(Work::stored).sum();
            long published = done.values().stream().mapToLong(Work::published).sum();
            long consumed = done.values().stream().mapToLong(Work::consumed).sum();
            done.forEach((port, work) -> line.append(String.format(
                    "%n  replica :%d    stored %d (%.0f %%), published %d (%.0f %%), consumed %d (%.0f %%)", port,
                    work.stored(), 100.0 * work.stored() / stored, work.published(), 100.0 * work.published() / published,
                    work.consumed(), 100.0 * work.consumed() / consumed)));
            return line.toString();
        }
    }
}
