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
 * messaging-service, the callbacks then posted to the gateway's {@code /webhooks/wappin}; or, with
 * {@code -Dbench.app=billing-service}, a second billing-service pod given admin extensions, see {@link Extensions}; or,
 * with {@code -Dbench.app=channel-service}, a second channel-service pod carrying those extensions out at WHAPI, see
 * {@link ChannelExtensions})
 * add throughput, split the work, and do nothing twice? The whole platform
 * runs as shipped (production JVM flags), one PostgreSQL, one Kafka broker. The same work, in
 * {@code bench.pairs} pairs of rounds: {@code bench.callbacks} Wappin inbound-message callbacks (or extensions),
 * {@code bench.concurrency} in flight, first to one replica, then spread over two (as a Kubernetes
 * Service spreads them; the second pod is started, warmed up, and stopped again after its round). A
 * pod is warmed with {@code bench.warmupRounds} rounds (5) to it alone before it is measured. A callback is
 * stored with its outbox event before "000"; the relay publishes the event to Kafka; the consumer
 * group reads it. A round ends when every event of the round is on Kafka.
 * A last one-pod round closes the pairs, so that each two-pod round can be compared with the one-pod rounds on
 * both sides of it (the pods keep warming from round to round).
 * <p>It prints, per round: callbacks/s acknowledged and end to end, and per replica the callbacks it
 * stored, the events its relay published (and in how many relay passes) and the records its consumer read, the CPU a
 * callback cost in the pods, in this JVM (the load generator) and in the rest of the machine, and each pod's CPU by
 * kind of thread ({@link ThreadCpu}: event loops, Kafka clients, JIT compiler, GC...); then the median over
 * the pairs of two/one and of the smaller replica's share. It fails if a callback (an extension)
 * is lost or stored twice, or if an event reaches Kafka twice (the relays of two pods racing), or if a
 * customer's balance is not what its transfers say.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl end-to-end -am verify -Dtest=ScaleOutBenchmark -Dbench.callbacks=20000 -Dbench.concurrency=32 -Dbench.pairs=3
 * ./mvnw -B -Pbenchmark -pl end-to-end -am verify -Dtest=ScaleOutBenchmark -Dbench.app=gateway -Dbench.callbacks=20000 -Dbench.concurrency=32 -Dbench.pairs=3
 * ./mvnw -B -Pbenchmark -pl end-to-end -am verify -Dtest=ScaleOutBenchmark -Dbench.app=billing-service -Dbench.callbacks=10000 -Dbench.concurrency=32 -Dbench.pairs=3
 * ./mvnw -B -Pbenchmark -pl end-to-end -am verify -Dtest=ScaleOutBenchmark -Dbench.app=channel-service -Dbench.callbacks=300 -Dbench.concurrency=32 -Dbench.pairs=3 -Dbench.warmupRounds=2
 * </pre>
 */
@Tag("benchmark")
class ScaleOutBenchmark {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int MESSAGING = 8083;
    private static final int BILLING = 8081;
    private static final String SANDBOX = "http://127.0.0.1:8090";

    /** The app scaled out: its name, its pods' ports, and the work a round gives it. */
    record Scaled(String app, int first, int second, Load load) {
        static Scaled of(String app) {
            return switch (app) {
                case "messaging-service" -> new Scaled(app, MESSAGING, 8093, new Callbacks("/callbacks/wappin"));
                // 8090 is the provider sandbox's
                case "gateway" -> new Scaled(app, 8080, 8088, new Callbacks("/webhooks/wappin"));
                case "billing-service" -> new Scaled(app, 8081, 8091, new Extensions());
                // the admin extensions go to billing's one pod; the channel-service pods carry them out at WHAPI
                case "channel-service" -> new Scaled(app, 8082, 8092, new ChannelExtensions());
                default -> throw new IllegalArgumentException(
                        "bench.app is messaging-service, gateway, billing-service or channel-service, not " + app);
            };
        }

        boolean isGateway() {
            return app.equals("gateway");
        }

        /**
         * A pod's count of its items done: requests it answered as stored (the gateway's metrics are tagged by route
         * template, the services' by path), or the load's own counter when the pods do the work of requests sent elsewhere.
         */
        Pattern handled() {
            if (load.done() != null) {
                return load.done();
            }
            return Pattern.compile("(?m)^http_server_requests_seconds_count\\{[^}]*status=\"" + load.status() + "\"[^}]*uri=\""
                    + load.path() + "\"[^}]*} ([0-9.E]+)");
        }

        /** The pods whose relays publish the round's events: the scaled ones, or the messaging pod behind the gateways. */
        List<Integer> relayPods(List<Integer> ports) {
            return isGateway() ? List.of(MESSAGING) : ports;
        }

        /** Where a round's requests go: the scaled pods, or billing's one pod when channel-service carries them out. */
        List<Integer> requestPods(List<Integer> ports) {
            return load instanceof ChannelExtensions ? List.of(BILLING) : ports;
        }
    }

    /**
     * The work of a round: one request per item, each stored with exactly one outbox event that names the item
     * ("{run}-{i}"), which the relay publishes to the app's topic.
     */
    interface Load {
        /** What an item is, for the print-out. */
        String items();

        String path();

        /** The status that says "stored". */
        int status();

        /** The database that holds the app's outbox. */
        String database();

        String topic();

        /**
         * The CloudEvent type of the one event per item (other events of the same request name the run too), as
         * the published contract (docs/events) names it: this module sees the platform from outside.
         */
        String eventType();

        /** The SQL condition on outbox_event that selects the run's events (one per item). */
        default String eventsOf(String run) {
            return "type = '" + eventType() + "' and payload->>'" + itemField() + "' like '" + run + "-%'";
        }

        /** The field of the event's data that names the item ("{run}-{i}"). */
        String itemField();

        /** The records of the run that a pod's own consumer group reads, counted per pod; null if other apps read them. */
        Pattern consumed();

        String token(LocalPlatform platform) throws Exception;

        /** Rows the run's requests need (set up in SQL: the benchmark measures the requests, not the set-up). */
        void prepare(String run, int count) throws Exception;

        String body(String run, int i);

        boolean stored(int status, String body);

        /** After the last round: what the database must show if nothing was done twice. */
        void verify(List<String> runs, long items) throws Exception;

        /** Which records of the topic are the runs' events, by their data: the ones that name a run's item. */
        default java.util.function.Predicate<String> ofRuns(List<String> runs) throws Exception {
            return value -> runs.stream().anyMatch(run -> value.contains("\"" + run));
        }

        /** The pods' own counter of items done, when the requests go elsewhere; null: the requests they answered. */
        default Pattern done() {
            return null;
        }
    }

    /** Wappin inbound-message callbacks, stored with a messaging event before "000". */
    record Callbacks(String path) implements Load {
        public String items() {
            return "callbacks";
        }

        public int status() {
            return 200;
        }

        public String database() {
            return "messaging";
        }

        public String topic() {
            return "messaging.events";
        }

        public String eventType() {
            return "messaging.InboundMessageReceived.v1";
        }

        public String itemField() {
            return "wappinMessageId";
        }

        /** No app here reads messaging.events (its statuses and inbound messages are for systems outside). */
        public Pattern consumed() {
            return null;
        }

        public String token(LocalPlatform platform) throws Exception {
            return platform.callbackToken();
        }

        public void prepare(String run, int count) {
            // a callback needs nothing stored before it
        }

        public String body(String run, int i) {
            return "{\"message_id\":\"" + run + "-" + i + "\",\"client_id\":\"sandbox-client\",\"project_id\":\"52\","
                    + "\"sender_number\":\"6281200000000\",\"status_messages\":\"-\",\"message_content\":\"hello " + i + "\","
                    + "\"environment\":\"PRODUCTION\",\"timestamp\":\"1763700000\",\"callback_type\":\"message\"}";
        }

        public boolean stored(int status, String body) {
            return status == 200 && body.contains("\"000\"");
        }

        public void verify(List<String> runs, long items) {
            // each callback's event counted once per round, and once on Kafka: the callbacks have no other effect here
        }
    }

    /**
     * Admin extensions of a channel by one day (the ledger's conditional debit and reservation under row locks, the
     * request's outbox events), each of a distinct channel; 100 channels per customer, each customer holding exactly
     * the days its channels are asked for. Their events (ChannelExtensionRequested, EntitlementChanged) are read by
     * channel-service and messaging-service, not by billing's own group. The channels exist in billing only, so
     * channel-service fails them, ten a second (its executor's pace, as WHAPI's), and billing releases their days:
     * a trickle beside the rounds.
     */
    record Extensions() implements Load {
        static final int CHANNELS_PER_CUSTOMER = 100;

        public String items() {
            return "extensions";
        }

        public String path() {
            return "/ledger/extensions";
        }

        public int status() {
            return 202;
        }

        public String database() {
            return "billing";
        }

        public String topic() {
            return "billing.events";
        }

        public String eventType() {
            return "billing.ChannelExtensionRequested.v1";
        }

        public String itemField() {
            return "comment";
        }

        public Pattern consumed() {
            return null;
        }

        public String token(LocalPlatform platform) throws Exception {
            HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:8090/_sandbox/identity/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\"}")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
            if (!token.find()) {
                throw new IllegalStateException("no admin token from the sandbox's issuer: " + answer.statusCode() + " " + answer.body());
            }
            return token.group(1);
        }

        public void prepare(String run, int count) throws Exception {
            int customers = (count + CHANNELS_PER_CUSTOMER - 1) / CHANNELS_PER_CUSTOMER;
            update("billing", """
                    insert into ledger_account (id, kind, owner_id, balance)
                    select 'CUSTOMER:%1$s-c' || c, 'CUSTOMER', '%1$s-c' || c, %2$d from generate_series(0, %3$d - 1) c;
                    update ledger_account set balance = balance - %2$d * %3$d where id = 'EXTERNAL';
                    insert into ledger_transfer (kind, from_account, to_account, days, customer_id, idempotency_key, actor)
                    select 'ADJUST', 'EXTERNAL', 'CUSTOMER:%1$s-c' || c, %2$d, '%1$s-c' || c, '%1$s-seed-' || c, 'benchmark'
                    from generate_series(0, %3$d - 1) c;
                    insert into billing_channel (channel_id, customer_id)
                    select md5('%1$s-' || i)::uuid::text, '%1$s-c' || (i %% %3$d) from generate_series(0, %4$d - 1) i;
                    """.formatted(run, CHANNELS_PER_CUSTOMER, customers, count));
        }

        public String body(String run, int i) {
            return "{\"channelId\":\"" + channel(run + "-" + i) + "\",\"days\":1,\"comment\":\"" + run + "-" + i + "\"}";
        }

        /** The channel of item i, as the set-up's md5(...)::uuid makes it: request i hits customer i mod customers. */
        private static String channel(String item) {
            try {
                String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                        .digest(item.getBytes(StandardCharsets.UTF_8)));
                return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
                        + "-" + hex.substring(20);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public boolean stored(int status, String body) {
            return status == 202 && body.contains("\"RESERVED\"");
        }

        /**
         * One EXTEND transfer per extension, and every customer's balance what its transfers say (the days it was
         * given, less its extensions, plus the days released back to it): a debit done twice, or lost, by racing pods
         * shows in one of the two. (A balance below zero cannot be stored at all: ledger_account_never_negative.)
         */
        public void verify(List<String> runs, long items) throws Exception {
            String anyRun = likeAny(runs);
            long transfers = count("billing", "select count(*) from ledger_transfer where kind = 'EXTEND' and reason like any (array["
                    + anyRun + "])");
            long unbalanced = count("billing", """
                    select count(*) from ledger_account a
                    where a.kind = 'CUSTOMER' and a.owner_id like any (array[%s])
                      and a.balance <> %d
                          - coalesce((select sum(days) from ledger_transfer t where t.from_account = a.id and t.kind = 'EXTEND'), 0)
                          + coalesce((select sum(days) from ledger_transfer t where t.to_account = a.id and t.kind = 'RELEASE'), 0)
                    """.formatted(anyRun, CHANNELS_PER_CUSTOMER));
            System.out.printf("ledger           %d EXTEND transfers for %d extensions; %d customers whose balance is not what "
                    + "their transfers say%n", transfers, items, unbalanced);
            if (transfers != items || unbalanced != 0) {
                throw new AssertionError("expected one EXTEND transfer per extension and every balance as its transfers say");
            }
        }
    }

    /**
     * The same admin extensions, sent to billing's one pod, carried out by channel-service at the (simulated) WHAPI:
     * its consumer stores each ChannelExtensionRequested once, its executor claims the due requests (up to 10 a
     * second per pod, FOR UPDATE SKIP LOCKED, a lease and a fencing token) and calls WHAPI's get and extend, and
     * its relay publishes ChannelExtended, which billing confirms. The channels exist in billing, in channel-service
     * and at the sandbox's WHAPI (made there with its creation window lifted: the benchmark measures the extensions,
     * not WHAPI's 20 creations per 30 minutes), so every extension succeeds. Nothing twice: each channel extended
     * exactly once at WHAPI, one ChannelExtended per channel on Kafka, and billing's ledger as in {@link Extensions}.
     */
    record ChannelExtensions(Extensions billing) implements Load {
        /** channel-service's ChannelWebhooks.SETTINGS_VERSION: an older one has the reconciler configure the webhooks again. */
        private static final int WEBHOOK_SETTINGS_VERSION = 3;

        ChannelExtensions() {
            this(new Extensions());
        }

        public String items() {
            return "extensions";
        }

        public String path() {
            return billing.path();
        }

        public int status() {
            return billing.status();
        }

        public String database() {
            return "channel";
        }

        public String topic() {
            return "channel.events";
        }

        public String eventType() {
            return "channel.ChannelExtended.v1";
        }

        /** ChannelExtended names the channel only: the run's channels are the ones named after its items. */
        public String eventsOf(String run) {
            return "type = '" + eventType() + "' and payload->>'channelId' in (select id::text from channel where name like '"
                    + run + "-%')";
        }

        public String itemField() {
            return "channelId";
        }

        /** ChannelExtended names only the channel: a record is the runs' if its channel is one of the runs' channels. */
        public java.util.function.Predicate<String> ofRuns(List<String> runs) throws Exception {
            Set<String> channels = new HashSet<>();
            try (Connection c = connect("channel"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select id::text from channel where name like any (array[" + likeAny(runs) + "])")) {
                while (rs.next()) {
                    channels.add(rs.getString(1));
                }
            }
            Pattern channelId = Pattern.compile("\"channelId\"\\s*:\\s*\"([^\"]+)\"");
            return value -> {
                Matcher m = channelId.matcher(value);
                return m.find() && channels.contains(m.group(1));
            };
        }

        /** Records of billing.events read by the pod's channel-service consumer (every billing event, not only these). */
        public Pattern consumed() {
            return Pattern.compile("(?m)^events_consumed_total\\{[^}]*consumer=\"channel\\.billing-events\"[^}]*} ([0-9.E]+)");
        }

        public Pattern done() {
            return Pattern.compile("(?m)^whapi_extensions_total\\{[^}]*outcome=\"extended\"[^}]*} ([0-9.E]+)");
        }

        public String token(LocalPlatform platform) throws Exception {
            // a creation window as large as the runs' channels: WHAPI's own 20 per 30 minutes would take days
            sandbox("PUT", "/_sandbox/whapi/creation-window", "{\"limit\":1000000,\"windowSeconds\":86400}");
            sandbox("PUT", "/_sandbox/whapi/partner?balanceDays=10000000", "");
            return billing.token(platform);
        }

        /** Billing's rows (as {@link Extensions}), and each channel at the sandbox's WHAPI and in channel-service. */
        public void prepare(String run, int count) throws Exception {
            billing.prepare(run, count);
            int customers = (count + Extensions.CHANNELS_PER_CUSTOMER - 1) / Extensions.CHANNELS_PER_CUSTOMER;
            // a paid channel in LIVE mode, as at WHAPI, its webhooks set in the current version: a renewal, the common
            // extension, with nothing else for the platform to do about the channel (no mode switch, no webhook settings)
            try (Connection c = connect("channel"); java.sql.PreparedStatement insert = c.prepareStatement("""
                    insert into channel (id, customer_id, name, state, whapi_id, mode, paid, active_till, webhooks_configured,
                                         webhook_settings_version)
                    values (md5(?)::uuid, ?, ?, 'ACTIVE', ?, 'LIVE', true, to_timestamp(? / 1000.0), true, ?)""")) {
                for (int i = 0; i < count; i++) {
                    String item = run + "-" + i;
                    String created = sandbox("PUT", "/manager/channels", "{\"name\":\"" + item + "\",\"projectId\":\"bench\"}");
                    Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(created);
                    Matcher activeTill = Pattern.compile("\"activeTill\"\\s*:\\s*([0-9]+)").matcher(created);
                    if (!id.find() || !activeTill.find()) {
                        throw new IllegalStateException("the sandbox made no channel: " + created);
                    }
                    sandbox("PATCH", "/manager/channels/" + id.group(1) + "/mode", "{\"mode\":\"live\"}");
                    insert.setString(1, item);
                    insert.setString(2, run + "-c" + (i % customers));
                    insert.setString(3, item);
                    insert.setString(4, id.group(1));
                    insert.setLong(5, Long.parseLong(activeTill.group(1)));
                    insert.setInt(6, WEBHOOK_SETTINGS_VERSION);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        public String body(String run, int i) {
            return billing.body(run, i);
        }

        public boolean stored(int status, String body) {
            return billing.stored(status, body);
        }

        /**
         * Billing's ledger as in {@link Extensions}, and WHAPI's side: every channel of the runs extended exactly once
         * (an extend is not idempotent: two pods calling it for one request would show here as two).
         */
        public void verify(List<String> runs, long items) throws Exception {
            billing.verify(runs, items);
            List<String> whapiIds = new ArrayList<>();
            try (Connection c = connect("channel"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select whapi_id from channel where name like any (array[" + likeAny(runs) + "])")) {
                while (rs.next()) {
                    whapiIds.add(rs.getString(1));
                }
            }
            Map<Integer, Integer> byCount = new java.util.TreeMap<>();
            for (String whapiId : whapiIds) {
                String extensions = sandbox("GET", "/_sandbox/whapi/channels/" + whapiId + "/extensions", null);
                int n = 0;
                for (Matcher m = Pattern.compile("\"days\"").matcher(extensions); m.find(); ) {
                    n++;
                }
                byCount.merge(n, 1, Integer::sum);
            }
            System.out.printf("WHAPI            %d channels; extends per channel -> channels: %s%n", whapiIds.size(), byCount);
            if (whapiIds.size() != items || !byCount.equals(Map.of(1, (int) items))) {
                throw new AssertionError("expected each of the " + items + " channels extended exactly once at WHAPI: " + byCount);
            }
        }

        private static String sandbox(String method, String path, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SANDBOX + path))
                    .header("Authorization", "Bearer sandbox-partner-token")
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> answer = SANDBOX_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + ": " + answer.statusCode() + " " + answer.body());
            }
            return answer.body();
        }
    }

    private static final java.net.http.HttpClient SANDBOX_CLIENT = java.net.http.HttpClient.newHttpClient();

    /** The runs as the elements of {@code like any (array[...])}: every item named "{run}{i}". */
    private static String likeAny(List<String> runs) {
        return runs.stream().map(run -> "'" + run + "%'").collect(java.util.stream.Collectors.joining(", "));
    }

    private final Scaled scaled = Scaled.of(System.getProperty("bench.app", "messaging-service"));
    /** Names this run's items apart from an earlier run's on the same state (its rows and records stay). */
    private final String benchmark = "b" + Long.toString(System.currentTimeMillis(), 36);
    private final Pattern stored = scaled.handled();
    private static final Pattern PUBLISHED = Pattern.compile("(?m)^outbox_relay_published_total(?:\\{[^}]*})? ([0-9.E]+)");
    private static final Pattern PASSES = Pattern.compile("(?m)^outbox_relay_pass_seconds_count(?:\\{[^}]*})? ([0-9.E]+)");

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
            String token = scaled.load().token(platform);
            int warmUp = Integer.getInteger("bench.warmupRounds", 5);
            warmUp(vertx, token, benchmark + "-warm-up-1", warmUp, callbacks, concurrency, scaled.first());
            // one and two replicas alternate (1, 2, 1, 2 ...): on this machine two identical rounds differ by a third,
            // so a single pair cannot tell a second pod's cost from noise; the median of the pairs' ratios can
            List<Round> ones = new ArrayList<>();
            List<Round> twos = new ArrayList<>();
            List<String> runs = new ArrayList<>();
            for (int pair = 1; pair <= pairs; pair++) {
                String one = benchmark + "-p" + pair + "-one";
                String two = benchmark + "-p" + pair + "-two";
                ones.add(round(vertx, token, one, callbacks, concurrency, List.of(scaled.first())));
                platform.startReplica(scaled.app(), scaled.second(), Boolean.getBoolean("bench.secondRelayOff")
                        ? Map.of("PLATFORM_OUTBOX_RELAY_ENABLED", "false") : Map.of());
                warmUp(vertx, token, benchmark + "-p" + pair + "-warm-up-2", warmUp, callbacks, concurrency, scaled.second());
                twos.add(round(vertx, token, two, callbacks, concurrency, List.of(scaled.first(), scaled.second())));
                platform.stopReplica(scaled.app(), scaled.second());
                runs.addAll(List.of(one + "-", two + "-"));
            }
            // A last one-pod round, so that every two-pod round sits between two one-pod rounds: the pods behind
            // keep warming round after round (a messaging pod behind two gateways answered 916, 1,294, 1,456/s in
            // its pairs' first rounds), so a two-pod round, always later than its pair's one-pod round, was
            // flattered by "two / one" alone; "two / ones around" compares it with the mean of the rounds around it.
            String last = benchmark + "-p" + (pairs + 1) + "-one";
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

                    === scale-out: %s, 1 and 2 replicas alternating, %d pairs, %d %s a round, %d in flight ===
                    %s
                    two / one, median of %d pairs   %.2f acknowledged (%.2f-%.2f), %.2f end to end (%.2f-%.2f)
                    two / the mean of the one-pod rounds before and after it, median   %.2f end to end (%.2f-%.2f)
                    two replicas, median share of the replica that did less: stored %.0f %%%s
                    on Kafka         %d records for %d events: %d published twice
                    ===================================================================================
                    %n""", scaled.app() + (scaled.isGateway() ? " (one messaging-service behind)" : ""), pairs, callbacks, scaled.load().items(), concurrency, rounds, pairs,
                    median(acknowledged), min(acknowledged), max(acknowledged), median(endToEnd), min(endToEnd), max(endToEnd),
                    median(bracketed), min(bracketed), max(bracketed),
                    median(twos.stream().map(round -> round.smallerShare(Work::stored)).toList()),
                    scaled.isGateway() ? " (a gateway pod stores nothing: \"stored\" is the callbacks it answered)" : (scaled.load()
                            instanceof ChannelExtensions ? " (\"stored\": the extensions it carried out at WHAPI)" : "") + String.format(
                            ", published %.0f %%", median(twos.stream().map(round -> round.smallerShare(Work::published)).toList()))
                            + (scaled.load().consumed() == null ? " (this app's groups do not read the records)" : String.format(
                            ", consumed %.0f %%", median(twos.stream().map(round -> round.smallerShare(Work::consumed)).toList()))),
                    kafka.records(), kafka.distinct(), kafka.records() - kafka.distinct());
            long events = (2L * pairs + 1) * callbacks;
            if (kafka.records() != kafka.distinct() || kafka.distinct() != events) {
                throw new AssertionError("expected each of the " + events + " events on Kafka once: " + kafka);
            }
            scaled.load().verify(runs, events);
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
            scaled.load().prepare(run + "-" + i, callbacks);
            long t0 = System.nanoTime();
            post(vertx, token, run + "-" + i, callbacks, concurrency, scaled.requestPods(List.of(port)));
            rates.append(String.format("%s%.0f", i == 0 ? "" : ", ", callbacks / ((System.nanoTime() - t0) / 1e9)));
            awaitPublished(run + "-" + i, callbacks);
        }
        System.out.printf("warm-up of :%d, %d rounds of %d %s: %s/s acknowledged%n", port, rounds, callbacks, scaled.load().items(), rates);
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
        List<Integer> relays = scaled.relayPods(ports);
        Map<Integer, Work> relaysBefore = work(relays);
        scaled.load().prepare(run, callbacks);
        Cpu cpuBefore = cpu(ports);
        long t0 = System.nanoTime();
        post(vertx, token, run, callbacks, concurrency, scaled.requestPods(ports));
        double acknowledged = (System.nanoTime() - t0) / 1e9;
        awaitPublished(run, callbacks);
        double endToEnd = (System.nanoTime() - t0) / 1e9;
        long stored = count(scaled.load().database(), "select count(*) from outbox_event where " + scaled.load().eventsOf(run));
        if (stored != callbacks) {
            throw new AssertionError(run + ": " + callbacks + " " + scaled.load().items() + " acknowledged, " + stored + " events stored");
        }
        if (scaled.load().consumed() != null) {
            awaitConsumed(relays, relaysBefore, callbacks);
        }
        Map<Integer, Work> after = work(ports); // a gateway pod only answers: its published and consumed stay 0
        Map<Integer, Work> done = new LinkedHashMap<>();
        ports.forEach(port -> done.put(port, after.get(port).minus(before.get(port))));
        Cpu used = cpu(ports).minus(cpuBefore);
        return new Round(scaled.app(), scaled.load().items(), ports.size(), callbacks, acknowledged, endToEnd, done, used);
    }

    /** Posts the round's items round-robin over the ports, {@code concurrency} in flight; every one must be answered as stored. */
    private void post(Vertx vertx, String token, String run, int count, int concurrency, List<Integer> ports) throws Exception {
        List<HttpClient> clients = ports.stream().map(port -> vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(port).setMaxPoolSize(concurrency).setKeepAlive(true))).toList();
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        Load load = scaled.load();
        for (int i = 0; i < count; i++) {
            String body = load.body(run, i);
            inFlight.acquire();
            all.add(clients.get(i % clients.size()).request(HttpMethod.POST, load.path())
                    .compose(request -> request.putHeader("Authorization", "Bearer " + token)
                            .putHeader("Content-Type", "application/json").send(body)
                            .compose(answer -> answer.body().map(b -> load.stored(answer.statusCode(), b.toString()))))
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
            throw new AssertionError(run + ": " + failed.get() + " " + load.items() + " were not answered as stored");
        }
    }

    private void awaitPublished(String run, int callbacks) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (count(scaled.load().database(), "select count(*) from outbox_event where " + scaled.load().eventsOf(run)
                + " and sent_at is not null") < callbacks) {
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
            Pattern consumed = scaled.load().consumed();
            work.put(port, new Work(sum(stored, metrics), sum(PUBLISHED, metrics), consumed == null ? 0 : sum(consumed, metrics),
                    sum(PASSES, metrics)));
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

    private static long count(String database, String sql) throws Exception {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void update(String database, String sql) throws Exception {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(String database) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalPlatform.POSTGRES_PORT + "/" + database,
                "postgres", "postgres");
    }

    /** Every record of the app's topic whose data names an item of these runs, by CloudEvent id. */
    private Duplicates onKafka(List<String> runs) throws Exception {
        java.util.function.Predicate<String> ofRuns = scaled.load().ofRuns(runs);
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + LocalPlatform.KAFKA_PORT);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long records = 0;
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(scaled.load().topic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    Header type = record.headers().lastHeader("ce_type");
                    if (record.value() != null && type != null && new String(type.value(), StandardCharsets.UTF_8).equals(
                            scaled.load().eventType()) && ofRuns.test(record.value())) {
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

    record Work(long stored, long published, long consumed, long relayPasses) {
        Work minus(Work before) {
            return new Work(stored - before.stored, published - before.published, consumed - before.consumed,
                    relayPasses - before.relayPasses);
        }
    }

    /**
     * CPU time in clock ticks (1/100 s): the machine's busy and total time (/proc/stat, all cores), and
     * the messaging pods' own (/proc/pid/stat, user + system). Whether a round was short of CPU, and
     * what a callback cost, in the pods and everywhere.
     */
    record Cpu(long machineBusy, long machineTotal, long pods, long loadGenerator, Map<Integer, ThreadCpu> threads,
               Map<Integer, Map<String, Long>> podThreads) {
        /** What was used from {@code before} to this reading; each pod's threads by kind. */
        Cpu minus(Cpu before) {
            Map<Integer, Map<String, Long>> used = new LinkedHashMap<>();
            threads.forEach((port, now) -> used.put(port, now.since(before.threads.get(port))));
            return new Cpu(machineBusy - before.machineBusy, machineTotal - before.machineTotal, pods - before.pods,
                    loadGenerator - before.loadGenerator, threads, used);
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
        Map<Integer, ThreadCpu> threads = new LinkedHashMap<>();
        for (int port : ports) {
            long pid = platform.pid(port == scaled.first() ? scaled.app() : scaled.app() + "-" + port);
            threads.put(port, ThreadCpu.of(pid));
            pods += ThreadCpu.ticks(pid);
        }
        return new Cpu(total - idle, total, pods, ThreadCpu.ticks(ProcessHandle.current().pid()), threads, Map.of());
    }

    /** One round: {@code count} {@code items} (callbacks, extensions) over {@code replicas} pods, and what each pod did. */
    record Round(String app, String items, int replicas, int count, double acknowledgedSeconds, double endToEndSeconds,
                 Map<Integer, Work> done, Cpu cpu) {

        double acknowledgedPerSecond() {
            return count / acknowledgedSeconds;
        }

        double endToEndPerSecond() {
            return count / endToEndSeconds;
        }

        /** The share (in %) of the replica that did less of one kind of work: 50 is an even split. */
        double smallerShare(java.util.function.ToLongFunction<Work> kind) {
            long total = done.values().stream().mapToLong(kind).sum();
            return 100.0 * done.values().stream().mapToLong(kind).min().orElse(0) / total;
        }

        String line() {
            StringBuilder line = new StringBuilder(String.format(
                    "%d replica(s)     %.0f %s/s acknowledged, %.0f/s end to end (every event on Kafka)",
                    replicas, acknowledgedPerSecond(), items, endToEndPerSecond()));
            line.append(String.format("%n  CPU            machine %.0f %% busy; per item %.2f ms in all, %.2f ms in the %s pods,"
                            + " %.2f ms in the load generator (this JVM), %.2f ms in the rest (PostgreSQL, the broker, the other apps)",
                    100.0 * cpu.machineBusy() / cpu.machineTotal(), 10.0 * cpu.machineBusy() / count, 10.0 * cpu.pods() / count, app,
                    10.0 * cpu.loadGenerator() / count, 10.0 * (cpu.machineBusy() - cpu.pods() - cpu.loadGenerator()) / count));
            cpu.podThreads().forEach((port, byKind) -> {
                // per item the pod took in (for a gateway pod: answered); its relay and consumer work follows them
                long items = Math.max(1, done.get(port).stored());
                line.append(String.format("%n  pod :%d CPU per item it took, by thread:", port));
                byKind.forEach((kind, ticks) -> line.append(String.format(" %s %.3f ms,", kind, 10.0 * ticks / items)));
                line.setLength(line.length() - 1);
            });
            long stored = done.values().stream().mapToLong(Work::stored).sum();
            long published = done.values().stream().mapToLong(Work::published).sum();
            long consumed = done.values().stream().mapToLong(Work::consumed).sum();
            done.forEach((port, work) -> line.append(String.format("%n  replica :%d    stored %d (%.0f %%)", port,
                    work.stored(), 100.0 * work.stored() / stored))
                    .append(published == 0 ? "" : String.format(", published %d (%.0f %%) in %d relay passes", work.published(),
                            100.0 * work.published() / published, work.relayPasses()))
                    .append(consumed == 0 ? "" : String.format(", consumed %d (%.0f %%)", work.consumed(),
                            100.0 * work.consumed() / consumed)));
            return line.toString();
        }
    }
}
