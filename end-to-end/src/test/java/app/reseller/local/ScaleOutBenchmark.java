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
 * messaging-service pod (or, with {@code -Dbench.app=gateway}, a second gateway pod in front of one
 * messaging-service, the callbacks then posted to the gateway's {@code /webhooks/wappin}) add
 * throughput, split the work, and do nothing twice? The whole platform
 * runs as shipped (production JVM flags), one PostgreSQL, one Kafka broker. The same work, in
 * {@code bench.pairs} pairs of rounds: {@code bench.callbacks} Wappin inbound-message callbacks,
 * {@code bench.concurrency} in flight, first to one replica, then spread over two (as a Kubernetes
 * Service spreads them; the second pod is started, warmed up, and stopped again after its round). A
 * pod is warmed with {@code bench.warmupRounds} rounds (5) to it alone before it is measured. A callback is
 * stored with its outbox event before "000"; the relay publishes the event to Kafka; the consumer
 * group reads it. A round ends when every event of the round is on Kafka.
 * A last one-pod round closes the pairs, so that each two-pod round can be compared with the one-pod rounds on
 * both sides of it (the pods keep warming from round to round).
 * <p>It prints, per round: callbacks/s acknowledged and end to end, and per replica the callbacks it
 * stored, the events its relay published and the records its consumer read; then the median over
 * the pairs of two/one and of the smaller replica's share. It fails if a callback
 * is lost or stored twice, or if an event reaches Kafka twice (the relays of two pods racing).
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl end-to-end -am verify -Dtest=ScaleOutBenchmark -Dbench.callbacks=20000 -Dbench.concurrency=32 -Dbench.pairs=3
 * ./mvnw -B -Pbenchmark -pl end-to-end -am verify -Dtest=ScaleOutBenchmark -Dbench.app=gateway -Dbench.callbacks=20000 -Dbench.concurrency=32 -Dbench.pairs=3
 * </pre>
 */
@Tag("benchmark")
class ScaleOutBenchmark {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int MESSAGING = 8083;

    /** The app scaled out: its name, its pods' ports, and the path a Wappin callback takes into it. */
    record Scaled(String app, int first, int second, String callbackPath) {
        static Scaled of(String app) {
            return switch (app) {
                case "messaging-service" -> new Scaled(app, MESSAGING, 8093, "/callbacks/wappin");
                // 8090 is the provider sandbox's
                case "gateway" -> new Scaled(app, 8080, 8088, "/webhooks/wappin");
                default -> throw new IllegalArgumentException("bench.app is messaging-service or gateway, not " + app);
            };
        }

        boolean isGateway() {
            return app.equals("gateway");
        }

        /** Callbacks a pod answered 200 (the gateway's metrics are tagged by route template, the service's by path). */
        Pattern handled() {
            return Pattern.compile("(?m)^http_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*uri=\"" + callbackPath
                    + "\"[^}]*} ([0-9.E]+)");
        }

        /** The messaging pods, whose relays publish and whose consumers read: the scaled ones, or the one behind the gateways. */
        List<Integer> messagingPods(List<Integer> ports) {
            return isGateway() ? List.of(MESSAGING) : ports;
        }
    }

    private final Scaled scaled = Scaled.of(System.getProperty("bench.app", "messaging-service"));
    private final Pattern stored = scaled.handled();
    private static final Pattern PUBLISHED = Pattern.compile("(?m)^outbox_relay_published_total(?:\\{[^}]*})? ([0-9.E]+)");
    private static final Pattern CONSUMED = Pattern.compile(
            "(?m)^events_consumed_total\\{[^}]*consumer=\"messaging\\.messaging-events\"[^}]*} ([0-9.E]+)");

    @Test
    void aSecondReplicaSplitsTheWorkAndDoesNothingTwice() throws Exception {
        int callbacks = Integer.getInteger("bench.callbacks", 20_000);
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        int pairs = Integer.getInteger("bench.pairs", 3);
        LocalPlatform platform = new LocalPlatform(ROOT, ROOT.resolve("end-to-end/target/scale-out-state"))
                .withJvmFlags(LocalPlatform.JvmFlags.PRODUCTION)
                // 20,000 callbacks in seconds from one address: far above a webhook source's 6,000 a minute per gateway pod
                .withEnvironment("GATEWAY_RATE_LIMIT_WEBHOOK_PER_MINUTE", "100000000")
                .withEnvironment("GATEWAY_RATE_LIMIT_BURST", "1000000");
        this.platform = platform;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            platform.start(true);
            String token = platform.callbackToken();
            int warmUp = Integer.getInteger("bench.warmupRounds", 5);
            warmUp(vertx, token, "warm-up-1", warmUp, callbacks, concurrency, scaled.first());
            // one and two replicas alternate (1, 2, 1, 2 ...): on this machine two identical rounds differ by a third,
            // so a single pair cannot tell a second pod's cost from noise; the median of the pairs' ratios can
            List<Round> ones = new ArrayList<>();
            List<Round> twos = new ArrayList<>();
            List<String> runs = new ArrayList<>();
            for (int pair = 1; pair <= pairs; pair++) {
                String one = "p" + pair + "-one";
                String two = "p" + pair + "-two";
                ones.add(round(vertx, token, one, callbacks, concurrency, List.of(scaled.first())));
                platform.startReplica(scaled.app(), scaled.second(), Boolean.getBoolean("bench.secondRelayOff")
                        ? Map.of("PLATFORM_OUTBOX_RELAY_ENABLED", "false") : Map.of());
                warmUp(vertx, token, "p" + pair + "-warm-up-2", warmUp, callbacks, concurrency, scaled.second());
                twos.add(round(vertx, token, two, callbacks, concurrency, List.of(scaled.first(), scaled.second())));
                platform.stopReplica(scaled.app(), scaled.second());
                runs.addAll(List.of(one + "-", two + "-"));
            }
            // A last one-pod round, so that every two-pod round sits between two one-pod rounds: the pods behind
            // keep warming round after round (a messaging pod behind two gateways answered 916, 1,294, 1,456/s in
            // its pairs' first rounds), so a two-pod round, always later than its pair's one-pod round, was
            // flattered by "two / one" alone; "two / ones around" compares it with the mean of the rounds around it.
            String last = "p" + (pairs + 1) + "-one";
            ones.add(round(vertx, token, last, callbacks, concurrency, List.of(scaled.first())));
            runs.add(last + "-");

            Duplicates kafka = onKafka(runs);
            StringBuilder rounds = new StringBuilder();
            List<Double> acknowledged = new ArrayList<>();
            List<Double> endToEnd = new ArrayList<>();
            List<Double> bracketed = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                acknowledged.add(twos.get(i).acknowledgedPerSecond() / ones.get(i).acknowledgedPerSecond());
                endToEnd.add(twos.get(i).endToEndPerSecond() / ones.get(i).endToEndPerSecond());
                bracketed.add(twos.get(i).endToEndPerSecond()
                        / ((ones.get(i).endToEndPerSecond() + ones.get(i + 1).endToEndPerSecond()) / 2));
                rounds.append(String.format("pair %d%n%s%n%s%n  two / one      %.2f acknowledged, %.2f end to end; "
                                + "two / ones around %.2f end to end%n",
                        i + 1, ones.get(i).line(), twos.get(i).line(), acknowledged.get(i), endToEnd.get(i), bracketed.get(i)));
            }
            rounds.append(String.format("last%n%s", ones.get(pairs).line()));
            System.out.printf("""

                    === scale-out: %s, 1 and 2 replicas alternating, %d pairs, %d inbound callbacks a round, %d in flight ===
                    %s
                    two / one, median of %d pairs   %.2f acknowledged (%.2f-%.2f), %.2f end to end (%.2f-%.2f)
                    two / the mean of the one-pod rounds before and after it, median   %.2f end to end (%.2f-%.2f)
                    two replicas, median share of the replica that did less: stored %.0f %%%s
                    on Kafka         %d records for %d events: %d published twice
                    ===================================================================================
                    %n""", scaled.app() + (scaled.isGateway() ? " (one messaging-service behind)" : ""), pairs, callbacks, concurrency, rounds, pairs,
                    median(acknowledged), min(acknowledged), max(acknowledged), median(endToEnd), min(endToEnd), max(endToEnd),
                    median(bracketed), min(bracketed), max(bracketed),
                    median(twos.stream().map(round -> round.smallerShare(Work::stored)).toList()),
                    scaled.isGateway() ? " (a gateway pod stores nothing: \"stored\" is the callbacks it answered)" : String.format(
                            ", published %.0f %%, consumed %.0f %%",
                            median(twos.stream().map(round -> round.smallerShare(Work::published)).toList()),
                            median(twos.stream().map(round -> round.smallerShare(Work::consumed)).toList())),
                    kafka.records(), kafka.distinct(), kafka.records() - kafka.distinct());
            long events = (2L * pairs + 1) * callbacks;
            if (kafka.records() != kafka.distinct() || kafka.distinct() != events) {
                throw new AssertionError("expected each of the " + events + " events on Kafka once: " + kafka);
            }
        } finally {
            vertx.close();
            platform.stop();
        }
    }

    /**
     * Rounds to one pod until its JIT is done: a pod as shipped (C2, two shared cores) answered 1,281, then
     * 2,284, then 3,088 callbacks/s in three rounds 40,000 callbacks apart, so a pod warmed with half a round
     * (as this program did first) made every two-pod round the work of a cold pod. Prints each round's rate.
     */
    private void warmUp(Vertx vertx, String token, String run, int rounds, int callbacks, int concurrency, int port)
            throws Exception {
        StringBuilder rates = new StringBuilder();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            post(vertx, token, run + "-" + i, callbacks, concurrency, List.of(port));
            rates.append(String.format("%s%.0f", i == 0 ? "" : ", ", callbacks / ((System.nanoTime() - t0) / 1e9)));
            awaitPublished(run + "-" + i, callbacks);
        }
        System.out.printf("warm-up of :%d, %d rounds of %d callbacks: %s callbacks/s acknowledged%n", port, rounds, callbacks, rates);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private LocalPlatform platform;

    /** One round of the same work over the given replicas, and what each replica did of it. */
    private Round round(Vertx vertx, String token, String run, int callbacks, int concurrency, List<Integer> ports) throws Exception {
        Map<Integer, Work> before = work(ports);
        List<Integer> messaging = scaled.messagingPods(ports);
        Map<Integer, Work> messagingBefore = work(messaging);
        Cpu cpuBefore = cpu(ports);
        long t0 = System.nanoTime();
        post(vertx, token, run, callbacks, concurrency, ports);
        double acknowledged = (System.nanoTime() - t0) / 1e9;
        awaitPublished(run, callbacks);
        double endToEnd = (System.nanoTime() - t0) / 1e9;
        long stored = count("select count(*) from outbox_event where payload->>'wappinMessageId' like '" + run + "-%'");
        if (stored != callbacks) {
            throw new AssertionError(run + ": " + callbacks + " callbacks acknowledged, " + stored + " events stored");
        }
        awaitConsumed(messaging, messagingBefore, callbacks);
        Map<Integer, Work> after = work(ports); // a gateway pod only answers: its published and consumed stay 0
        Map<Integer, Work> done = new LinkedHashMap<>();
        ports.forEach(port -> done.put(port, after.get(port).minus(before.get(port))));
        Cpu used = cpu(ports).minus(cpuBefore);
        return new Round(scaled.app(), ports.size(), callbacks, acknowledged, endToEnd, done, used);
    }

    /** Posts the callbacks round-robin over the ports, {@code concurrency} in flight; every one must answer "000". */
    private void post(Vertx vertx, String token, String run, int count, int concurrency, List<Integer> ports) throws Exception {
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
            all.add(clients.get(i % clients.size()).request(HttpMethod.POST, scaled.callbackPath())
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
    private Map<Integer, Work> awaitConsumed(List<Integer> ports, Map<Integer, Work> before, int callbacks) throws Exception {
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
    private Map<Integer, Work> work(List<Integer> ports) throws Exception {
        Map<Integer, Work> work = new LinkedHashMap<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int port : ports) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            work.put(port, new Work(sum(stored, metrics), sum(PUBLISHED, metrics), sum(CONSUMED, metrics)));
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

    /**
     * CPU time in clock ticks (1/100 s): the machine's busy and total time (/proc/stat, all cores), and
     * the messaging pods' own (/proc/pid/stat, user + system). Whether a round was short of CPU, and
     * what a callback cost, in the pods and everywhere.
     */
    record Cpu(long machineBusy, long machineTotal, long pods) {
        Cpu minus(Cpu before) {
            return new Cpu(machineBusy - before.machineBusy, machineTotal - before.machineTotal, pods - before.pods);
        }
    }

    private Cpu cpu(List<Integer> ports) throws Exception {
        String[] machine = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(machine.length, 9); i++) { // user nice system idle iowait irq softirq steal
            total += Long.parseLong(machine[i]);
        }
        long idle = Long.parseLong(machine[4]) + Long.parseLong(machine[5]);
        long pods = 0;
        for (int port : ports) {
            long pid = platform.pid(port == scaled.first() ? scaled.app() : scaled.app() + "-" + port);
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // after "pid (name) ": state is field 3
            pods += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
        }
        return new Cpu(total - idle, total, pods);
    }

    record Round(String app, int replicas, int callbacks, double acknowledgedSeconds, double endToEndSeconds, Map<Integer, Work> done,
                 Cpu cpu) {

        double acknowledgedPerSecond() {
            return callbacks / acknowledgedSeconds;
        }

        double endToEndPerSecond() {
            return callbacks / endToEndSeconds;
        }

        /** The share (in %) of the replica that did less of one kind of work: 50 is an even split. */
        double smallerShare(java.util.function.ToLongFunction<Work> kind) {
            long total = done.values().stream().mapToLong(kind).sum();
            return 100.0 * done.values().stream().mapToLong(kind).min().orElse(0) / total;
        }

        String line() {
            StringBuilder line = new StringBuilder(String.format(
                    "%d replica(s)     %.0f callbacks/s acknowledged, %.0f/s end to end (every event on Kafka)",
                    replicas, acknowledgedPerSecond(), endToEndPerSecond()));
            line.append(String.format("%n  CPU            machine %.0f %% busy; per callback %.2f ms in all, %.2f ms in the %s pods",
                    100.0 * cpu.machineBusy() / cpu.machineTotal(), 10.0 * cpu.machineBusy() / callbacks, 10.0 * cpu.pods() / callbacks, app));
            long stored = done.values().stream().mapToLong(Work::stored).sum();
            long published = done.values().stream().mapToLong(Work::published).sum();
            long consumed = done.values().stream().mapToLong(Work::consumed).sum();
            done.forEach((port, work) -> line.append(String.format("%n  replica :%d    stored %d (%.0f %%)", port,
                    work.stored(), 100.0 * work.stored() / stored)).append(published == 0 ? "" : String.format(
                    ", published %d (%.0f %%), consumed %d (%.0f %%)", work.published(), 100.0 * work.published() / published,
                    work.consumed(), 100.0 * work.consumed() / consumed)));
            return line.toString();
        }
    }
}
