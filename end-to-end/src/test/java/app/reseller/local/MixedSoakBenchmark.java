package app.reseller.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): the whole platform as
 * shipped (production JVM flags) under a mix of traffic for {@code bench.soak.minutes}. One unit of
 * the mix is: a message someone writes to a customer's channel (WHAPI's webhook), a send through the
 * customer's own channel (WHAPI's three statuses follow), a Wappin notification (its three callbacks
 * follow), and two reads; the customer's webhook endpoint (a receiver in this program) gets the
 * messages and statuses. The program measures the most units a second the platform answers (closed
 * loop, 60 s), holds half of that at a fixed rate, and every minute prints each app's heap after a
 * full GC and its resident memory. At the end it waits for the work to settle and checks that
 * nothing was lost or doubled and that no app answered a 5xx; it fails if not.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl end-to-end verify -Dtest=MixedSoakBenchmark -Dbench.soak.minutes=30 [-Dbench.workers=32]
 * </pre>
 */
@Tag("benchmark")
class MixedSoakBenchmark {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String GW = "http://127.0.0.1:8080/api/v1";
    private static final String SBX = "http://127.0.0.1:8090";
    private static final int RECEIVER_PORT = 8099;
    private static final Map<String, Integer> APPS = new LinkedHashMap<>(Map.of(
            "gateway", 8080, "billing-service", 8081, "channel-service", 8082, "messaging-service", 8083));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SERVER_ERRORS = Pattern.compile(
            "(?m)^http_server_requests_seconds_count\\{[^}]*status=\"5\\d\\d\"[^}]*} ([0-9.E]+)");

    private final Counts counts = new Counts();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, String> receivedMessageIds = new ConcurrentHashMap<>();
    private final AtomicInteger doubledReceived = new AtomicInteger();
    private final AtomicLong unit = new AtomicLong();
    private String admin;
    private String customer;
    private final List<String[]> channels = new ArrayList<>(); // {our id, WHAPI's id}

    @Test
    void halfTheMaximumOfAMixForHalfAnHour() throws Exception {
        int minutes = Integer.getInteger("bench.soak.minutes", 30);
        LocalPlatform platform = GatewayOverheadBenchmark.withLimitsFarAboveTheLoad(LocalPlatform.JvmFlags.PRODUCTION);
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        try {
            startTheReceiver(vertx);
            platform.start(true);
            setUp(platform);
            int workers = Integer.getInteger("bench.workers", 32); // a unit waits for the providers: enough to keep the CPU busy
            closedLoop("warm-up", workers, 60);
            double maximum = closedLoop("maximum", workers, 60);
            double rate = maximum / 2;
            Map<String, String> start = memory(platform);
            System.out.printf("%nmixed soak: %.1f units/s (half of %.1f; a unit is 5 requests and its callbacks and webhooks) for %d min%n",
                    rate, maximum, minutes);
            System.out.println("  minute  0: " + start);
            Map<Integer, Map<String, String>> samples = new LinkedHashMap<>();
            samples.put(0, start);
            AtomicInteger minute = new AtomicInteger();
            clock.scheduleAtFixedRate(() -> {
                int m = minute.incrementAndGet();
                Map<String, String> sample = memoryQuietly(platform);
                samples.put(m, sample);
                System.out.printf("  minute %2d: %s; %s%n", m, sample, counts);
            }, 60, 60, TimeUnit.SECONDS);
            long period = Math.round(1e9 / rate);
            long soakStart = System.nanoTime();
            var load = clock.scheduleAtFixedRate(() -> oneUnit("soak"), 0, period, TimeUnit.NANOSECONDS);
            while (System.nanoTime() - soakStart < Duration.ofMinutes(minutes).toNanos()) {
                Thread.sleep(1000);
            }
            load.cancel(false);
            clock.shutdown();
            clock.awaitTermination(2, TimeUnit.MINUTES);
            Settled settled = settle();
            long serverErrors = serverErrors();
            System.out.printf("""

                    === mixed soak: %d min at %.1f units/s (half of %.1f/s) ===
                    %s
                    %s
                    5xx answered by the apps (their own metrics): %d
                    heap after GC and RSS per app, minute 5 -> minute %d:
                    %s
                    ==============================================================
                    %n""", minutes, rate, maximum, counts, settled, serverErrors, minutes,
                    memoryDelta(samples.getOrDefault(Math.min(5, minutes), start), samples.getOrDefault(minutes, memory(platform))));
            if (!settled.whole() || serverErrors > 0 || counts.serverErrors.get() > 0) {
                throw new AssertionError("lost, doubled or 5xx: " + settled + "; 5xx " + serverErrors + "; " + counts);
            }
        } finally {
            clock.shutdownNow();
            vertx.close();
            platform.stop();
        }
    }

    // ---- the mix ----

    /** Units one after the other on {@code workers} threads for {@code seconds}: units answered a second. */
    private double closedLoop(String phase, int workers, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicInteger done = new AtomicInteger();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    oneUnit(phase).join();
                    done.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        double perSecond = done.get() / (double) seconds;
        System.out.printf("%s: %.1f units/s (%d workers, %d s); %s%n", phase, perSecond, workers, seconds, counts);
        return perSecond;
    }

    private CompletableFuture<Void> oneUnit(String phase) {
        long n = unit.incrementAndGet();
        String[] channel = channels.get((int) (n % channels.size()));
        return CompletableFuture.allOf(
                count("inbound", send("POST", SBX + "/_sandbox/whapi/channels/" + channel[1] + "/inbound", null,
                        "{\"from\":\"6281234567890\",\"text\":\"" + phase + "-in-" + n + "\"}")),
                count("send", send("POST", GW + "/channels/" + channel[0] + "/messages", customer,
                        "{\"to\":\"+62 812-3456-7890\",\"type\":\"text\",\"text\":\"" + phase + "-out-" + n + "\"}")),
                count("notification", send("POST", GW + "/messages/notifications", customer,
                        "{\"recipient\":\"081234567890\",\"template\":\"templ_uat_2\",\"params\":[\"" + phase + "-n-" + n + "\",\"30 days\"]}")),
                count("read", send("GET", GW + "/channels/" + channel[0] + "/messages?chat=6281234567890", customer, null)),
                count("read", send("GET", GW + "/dashboard", customer, null)));
    }

    private CompletableFuture<Void> count(String kind, CompletableFuture<HttpResponse<String>> answer) {
        return answer.handle((response, failure) -> {
            counts.record(kind, failure != null ? -1 : response.statusCode(), failure != null ? failure.toString() : response.body());
            return null;
        });
    }

    private static CompletableFuture<HttpResponse<String>> send(String method, String url, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String url, String token, String body) {
        return send(method, url, token, body).join();
    }

    /** Answers by kind: 2xx, 4xx, 5xx and failed calls; a 5xx or a failure is printed the first times. */
    static final class Counts {
        final Map<String, AtomicInteger> ok = new ConcurrentHashMap<>();
        final AtomicInteger clientErrors = new AtomicInteger();
        final AtomicInteger serverErrors = new AtomicInteger();

        void record(String kind, int status, String body) {
            if (status >= 200 && status < 300) {
                ok.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                return;
            }
            AtomicInteger bad = status >= 400 && status < 500 ? clientErrors : serverErrors;
            if (bad.incrementAndGet() <= 5) {
                System.out.printf("  %s answered %d: %s%n", kind, status, body.length() > 300 ? body.substring(0, 300) : body);
            }
        }

        int ok(String kind) {
            return ok.getOrDefault(kind, new AtomicInteger()).get();
        }

        @Override
        public String toString() {
            return "answered 2xx " + new java.util.TreeMap<>(ok) + ", 4xx " + clientErrors + ", 5xx or no answer " + serverErrors;
        }
    }

    // ---- the customer's system: a webhook receiver that remembers each event id ----

    private void startTheReceiver(Vertx vertx) {
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String id = request.getHeader("webhook-id");
            deliveries.computeIfAbsent(id == null ? "none" : id, k -> new AtomicInteger()).incrementAndGet();
            try {
                JsonNode event = JSON.readTree(body.toString());
                if ("message.received".equals(event.path("type").asText())) {
                    String messageId = event.path("data").path("messageId").asText();
                    String earlier = receivedMessageIds.putIfAbsent(messageId, String.valueOf(id));
                    if (earlier != null && !earlier.equals(id)) {
                        doubledReceived.incrementAndGet(); // one message told under two event ids
                    }
                }
            } catch (Exception unreadable) {
                System.out.println("  webhook body unreadable: " + unreadable);
            }
            request.response().setStatusCode(204).end();
        })).listen(RECEIVER_PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    // ---- setting the platform up as an operator and a customer would (README's journey) ----

    private void setUp(LocalPlatform platform) throws Exception {
        admin = token("admin");
        customer = token("customer-1");
        expect(call("PUT", GW + "/admin/whapi/settings", admin, "{\"partnerToken\":\"Bearer sandbox-partner-token\"}"), 200);
        expect(call("PUT", GW + "/admin/wappin/settings", admin, "{\"clientId\":\"sandbox-client\",\"secretKey\":\"sandbox-secret\","
                + "\"projectId\":\"52\",\"callbackToken\":\"" + platform.callbackToken() + "\"}"), 200);
        String plan = id(expect(call("POST", GW + "/plans", admin, "{\"name\":\"Soak\",\"maxChannels\":2,\"periodDays\":30,"
                + "\"extensionDays\":30,\"price\":450000,\"currency\":\"IDR\"}"), 201));
        expect(call("POST", GW + "/ledger/top-ups", admin, "{\"days\":5000,\"reference\":\"soak\"}"), 201);
        String subscription = id(expect(call("POST", GW + "/subscriptions", customer, "{\"planId\":\"" + plan + "\"}"), 201));
        expect(call("PUT", GW + "/customers/customer-1/allocation-mode", admin, "{\"mode\":\"AUTOMATIC\"}"), 200);
        expect(call("POST", GW + "/subscriptions/" + subscription + "/confirm-payment", admin, null), 200);
        for (String name : List.of("Soak A", "Soak B")) {
            String id = until(() -> call("POST", GW + "/channels", customer, "{\"name\":\"" + name + "\"}"), 201, 202);
            JsonNode list = JSON.readTree(call("GET", SBX + "/manager/channels/list?count=100", "sandbox-partner-token", null).body());
            String whapiId = null;
            for (JsonNode c : list.path("channels")) {
                if (c.path("name").asText().endsWith("[" + id.substring(0, 8) + "]")) {
                    whapiId = c.path("id").asText();
                }
            }
            expect(call("POST", SBX + "/_sandbox/whapi/channels/" + whapiId + "/login", null, null), 200);
            channels.add(new String[] {id, whapiId});
        }
        for (String[] channel : channels) {
            until(() -> {
                HttpResponse<String> answer = call("GET", GW + "/channels/" + channel[0], customer, null);
                return answer.body().contains("\"mode\":\"LIVE\"") && answer.body().contains("\"linkStatus\":\"AUTH\"") ? answer : null;
            }, 200);
            // a fresh LIVE channel restarts first: 503 until WHAPI has it up
            until(() -> call("POST", GW + "/channels/" + channel[0] + "/messages", customer,
                    "{\"to\":\"+62 812-3456-7890\",\"type\":\"text\",\"text\":\"soak set-up\"}"), 201, 202, 200);
        }
        expect(call("POST", GW + "/webhook-endpoints", customer, "{\"url\":\"http://127.0.0.1:" + RECEIVER_PORT + "/soak\","
                + "\"eventTypes\":[\"message.received\",\"message.status\"]}"), 201);
        System.out.println("set up: plan, 5000 days, customer-1 subscribed, two LIVE channels, a webhook endpoint");
    }

    private static String token(String user) throws Exception {
        return JSON.readTree(call("POST", SBX + "/_sandbox/identity/token", null, "{\"user\":\"" + user + "\"}").body())
                .path("accessToken").asText();
    }

    /** The answer, if it is a 2xx (the status named is the usual one, for the reader). */
    private static HttpResponse<String> expect(HttpResponse<String> answer, int status) {
        if (answer.statusCode() / 100 != status / 100) {
            throw new AssertionError(answer.request().method() + " " + answer.request().uri() + " answered " + answer.statusCode()
                    + ": " + answer.body());
        }
        return answer;
    }

    /** Asks again every half second, for up to a minute, until the answer has one of the statuses; its id. */
    private static String until(java.util.function.Supplier<HttpResponse<String>> ask, Integer... statuses) throws Exception {
        HttpResponse<String> answer = null;
        for (int i = 0; i < 120; i++) {
            answer = ask.get();
            if (answer != null && Set.of(statuses).contains(answer.statusCode())) {
                return id(answer);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("never " + List.of(statuses) + ": " + (answer == null ? "no answer" : answer.body()));
    }

    private static String id(HttpResponse<String> answer) throws Exception {
        return JSON.readTree(answer.body()).path("id").asText();
    }

    // ---- what came of it ----

    record Settled(long inbound, long inboundStored, long inboundDistinct, long sends, long sendsStored, long sendsDistinct,
                   long sendsRead, long notifications, long notificationsStored, long notificationsDistinct, long notificationsRead,
                   long webhookEvents, long webhookDeliveries, long receivedTold, long receivedDoubled) {

        boolean whole() {
            return inboundStored == inbound && inboundDistinct == inbound && sendsStored == sends && sendsDistinct == sends
                    && sendsRead == sends && notificationsStored == notifications && notificationsDistinct == notifications
                    && notificationsRead == notifications && receivedTold == inbound && receivedDoubled == 0;
        }

        @Override
        public String toString() {
            return String.format("""
                    inbound messages  %d posted, %d stored (%d distinct), %d told to the webhook endpoint, %d told twice
                    sends             %d accepted, %d stored (%d distinct), %d READ
                    notifications     %d accepted, %d stored (%d distinct), %d READ
                    webhooks          %d events delivered, %d deliveries (a repeat keeps its webhook-id)""",
                    inbound, inboundStored, inboundDistinct, receivedTold, receivedDoubled, sends, sendsStored, sendsDistinct, sendsRead,
                    notifications, notificationsStored, notificationsDistinct, notificationsRead, webhookEvents, webhookDeliveries);
        }
    }

    /** Waits (up to 5 minutes) until the stored work is whole; then what it is, whole or not. */
    private Settled settle() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        Settled now = settledNow();
        while (!now.whole() && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            now = settledNow();
        }
        return now;
    }

    private Settled settledNow() throws Exception {
        long[] in = row("channel", "select count(*), count(distinct body) from channel_message where direction = 'IN'"
                + " and body ~ '^(warm-up|maximum|soak)-in-'");
        long[] out = row("channel", "select count(*), count(distinct body), count(*) filter (where status = 'READ')"
                + " from channel_message where direction = 'OUT' and body ~ '^(warm-up|maximum|soak)-out-'");
        long[] notes = row("messaging", "select count(*), count(distinct params::text), count(*) filter (where status = 'READ')"
                + " from outbound_message where params::text ~ '\"(warm-up|maximum|soak)-n-'");
        long total = deliveries.values().stream().mapToLong(AtomicInteger::get).sum();
        return new Settled(counts.ok("inbound"), in[0], in[1], counts.ok("send"), out[0], out[1], out[2],
                counts.ok("notification"), notes[0], notes[1], notes[2], deliveries.size(), total, receivedMessageIds.size(),
                doubledReceived.get());
    }

    private static long[] row(String database, String sql) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalPlatform.POSTGRES_PORT + "/" + database,
                "postgres", "postgres"); ResultSet row = db.createStatement().executeQuery(sql)) {
            row.next();
            long[] values = new long[row.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.getLong(i + 1);
            }
            return values;
        }
    }

    /** 5xx every app counted in its own HTTP metrics (the providers' webhooks included, which this program does not see). */
    private static long serverErrors() {
        long total = 0;
        for (Map.Entry<String, Integer> app : APPS.entrySet()) {
            String metrics = call("GET", "http://127.0.0.1:" + app.getValue() + "/q/metrics", null, null).body();
            if (!metrics.contains("http_server_requests_seconds_count{")) {
                throw new AssertionError(app.getKey() + " counts no HTTP answers: its 0 would mean nothing");
            }
            Matcher m = SERVER_ERRORS.matcher(metrics);
            while (m.find()) {
                total += Math.round(Double.parseDouble(m.group(1)));
            }
        }
        return total;
    }

    // ---- memory ----

    /** Per app: heap in use right after a full GC (what is really kept) and resident memory, in MB. */
    private static Map<String, String> memory(LocalPlatform platform) throws Exception {
        Map<String, String> memory = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> app : APPS.entrySet()) {
            long pid = platform.pid(app.getKey());
            new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            String metrics = call("GET", "http://127.0.0.1:" + app.getValue() + "/q/metrics", null, null).body();
            double heap = 0;
            Matcher used = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E]+)").matcher(metrics);
            while (used.find()) {
                heap += Double.parseDouble(used.group(1));
            }
            long rssKb = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
            memory.put(app.getKey(), String.format("%.1f/%.1f", heap / 1e6, rssKb / 1e3));
        }
        return memory;
    }

    private static Map<String, String> memoryQuietly(LocalPlatform platform) {
        try {
            return memory(platform);
        } catch (Exception e) {
            return Map.of("unreadable", e.toString());
        }
    }

    /** "app: heap a -> b MB (+d), RSS a -> b MB (+d)" per app. */
    private static String memoryDelta(Map<String, String> from, Map<String, String> to) {
        StringBuilder out = new StringBuilder();
        for (String app : APPS.keySet()) {
            String[] a = from.getOrDefault(app, "0/0").split("/");
            String[] b = to.getOrDefault(app, "0/0").split("/");
            out.append(String.format("  %-18s heap after GC %6s -> %6s MB (%+.1f), RSS %6s -> %6s MB (%+.1f)%n", app, a[0], b[0],
                    Double.parseDouble(b[0]) - Double.parseDouble(a[0]), a[1], b[1], Double.parseDouble(b[1]) - Double.parseDouble(a[1])));
        }
        return out.toString().stripTrailing();
    }
}
