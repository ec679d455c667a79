package app.reseller.messaging;

import app.reseller.infra.EmbeddedPostgresServer;
import app.reseller.infra.SharedInfra;
import app.reseller.messaging.repository.CallbackStore;
import app.reseller.platform.events.contract.MessagingEvents.InboundMessageReceived;
import app.reseller.platform.events.contract.MessagingEvents.MessageStatusChanged;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static app.reseller.messaging.MessagingTestSupport.DB;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): concurrent Wappin
 * callbacks through the full HTTP stack, each authenticated, validated and stored durably with its
 * effect and its outbox event in one committed transaction, beside a plain single-row INSERT
 * (autocommit, the same concurrency) into the same PostgreSQL in the same run. Prints both and
 * their ratio (target at least 0.5).
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl messaging-service -am verify -Dbench.callbacks=20000 -Dbench.concurrency=32
 * </pre>
 */
@Tag("benchmark")
@MessagingTest
class CallbackThroughputBenchmark {

    @TestHTTPResource("/callbacks/wappin")
    URI callbacks;

    @Inject
    CallbackStore store;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @Test
    void callbacksStoredPerSecondAgainstAPlainInsert() throws Exception {
        int total = Integer.getInteger("bench.callbacks", 20_000);
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        DB.execute("create table if not exists bench_plain_insert (id bigserial primary key, dedup_key text not null, body jsonb not null)");

        // Let the JIT compile every path first, the callbacks' last and longest, right before they are
        // measured: a JFR profile with a short warm-up, and the other rounds' warm-ups between it and the
        // measured round, found the compiler threads at 40-46 % of a core during the measured round,
        // recompiling the event loop after deopts (docs/benchmarks.md). Hence -Dbench.warmup and this order.
        storeOnly(total / 4, concurrency);
        plainInserts(total / 4, concurrency);
        emptyRequests(total / 4, concurrency);
        int warmup = Integer.getInteger("bench.warmup", total / 4);
        callbacks("warm-up", Kind.MESSAGE, warmup, concurrency);
        double stored = measured(Kind.MESSAGE, total, concurrency);
        // statuses of messages we sent, after their own warm-up: SENT of every message, then DELIVERED, then READ
        int statuses = Integer.getInteger("bench.statuses", total);
        double storedStatuses = 0;
        if (statuses > 0) {
            callbacks("warm-up", Kind.STATUS, warmup, concurrency);
            storedStatuses = measured(Kind.STATUS, statuses, concurrency);
        }
        double ceiling = emptyRequests(total, concurrency);
        double storeOnly = storeOnly(total, concurrency);
        double plain = plainInserts(total, concurrency);

        System.out.printf("""

                === messaging: Wappin callbacks stored durably vs a plain INSERT, same PostgreSQL, same run ===
                callbacks        %d inbound-message callbacks, %d in flight, each: token check, validation,
                                 callback row + inbound row + outbox event in one committed transaction, then "000"
                stored (HTTP)    %.0f callbacks/s   end to end: HTTP, token, JSON, store, answer
                HTTP ceiling     %.0f requests/s    GET /q/health/live (no database): this app's HTTP stack and load generator alone
                stored (SQL)     %.0f callbacks/s   the same durable store statement alone (callback + inbound + event)
                plain INSERT     %.0f rows/s (one single-row INSERT per autocommit transaction, %d JDBC connections)
                stored/ceiling   %.2f (target >= 0.5: stored end to end against this app's empty HTTP path, same run)
                statuses (HTTP)  %.0f callbacks/s   %d status callbacks of messages we sent (SENT, DELIVERED, READ): timeline,
                                 the message's status, outbox event, in one committed transaction, then "000"
                statuses/ceiling %.2f
                ratio (HTTP)     %.2f (stored end to end against the plain INSERT)
                ratio (SQL)      %.2f
                ==============================================================================================
                %n""", total, concurrency, stored, ceiling, storeOnly, plain, concurrency, stored / ceiling, storedStatuses, statuses,
                storedStatuses / ceiling, stored / plain, storeOnly / plain);
    }

    /** The measured round of one kind, with the store's statements and the relay's passes during it. @return callbacks/s */
    private double measured(Kind kind, int count, int concurrency) throws Exception {
        long passesBefore = relayPasses();
        double publishedBefore = relayPublished();
        var batches = metrics.find("callbacks.store.batch").tag("type", kind.name().toLowerCase()).summary();
        long statementsBefore = batches == null ? 0 : batches.count();
        double groupedBefore = batches == null ? 0 : batches.totalAmount();
        double stored = callbacks("measured", kind, count, concurrency);
        long passes = relayPasses() - passesBefore;
        double published = relayPublished() - publishedBefore;
        if (batches != null) {
            long statements = batches.count() - statementsBefore;
            System.out.printf("[bench] store statements during the measured %s round: %d for %.0f callbacks, %.1f callbacks a statement%n",
                    kind.label, statements, batches.totalAmount() - groupedBefore,
                    statements == 0 ? 0 : (batches.totalAmount() - groupedBefore) / statements);
        }
        System.out.printf("[bench] relay during the measured %s round: %d passes, %.0f events published, %.1f events a pass%n",
                kind.label, passes, published, passes == 0 ? 0 : published / passes);
        return stored;
    }

    /** What a round posts: inbound messages, or statuses of messages we sent. */
    private enum Kind {
        MESSAGE("callbacks", InboundMessageReceived.TYPE), STATUS("status callbacks", MessageStatusChanged.TYPE);

        final String label;
        final String eventType;

        Kind(String label, String eventType) {
            this.label = label;
            this.eventType = eventType;
        }
    }

    private static final String[] STATUSES = {"sent", "delivered", "read"};

    /** The round's bodies; for statuses, first the messages they are about (one per three callbacks). */
    private static java.util.function.IntFunction<String> bodies(Kind kind, String run, int count) {
        if (kind == Kind.MESSAGE) {
            return i -> "{\"message_id\":\"" + run + "-" + i + "\",\"client_id\":\"sandbox-client\",\"project_id\":\"52\","
                    + "\"sender_number\":\"6281200000000\",\"status_messages\":\"-\",\"message_content\":\"hello " + i + "\","
                    + "\"environment\":\"PRODUCTION\",\"timestamp\":\"1763700000\",\"callback_type\":\"message\"}";
        }
        int messages = (count + STATUSES.length - 1) / STATUSES.length;
        DB.execute("insert into outbound_message (id, customer_id, recipient, kind, template, params, status, wappin_message_id) "
                + "select gen_random_uuid(), 'customer-1', '6281100000000', 'NOTIFICATION', 'otp', '{}', 'ACCEPTED', '" + run
                + "-' || g from generate_series(0, " + (messages - 1) + ") g");
        return i -> "{\"message_id\":\"" + run + "-" + (i % messages) + "\",\"client_id\":\"sandbox-client\",\"project_id\":\"52\","
                + "\"sender_number\":\"6281100000000\",\"status_messages\":\"" + STATUSES[i / messages] + "\","
                + "\"environment\":\"PRODUCTION\",\"timestamp\":\"1763700000\",\"callback_type\":\"status\"}";
    }

    private long relayPasses() {
        var timer = metrics.find("outbox.relay.pass").timer();
        return timer == null ? 0 : timer.count();
    }

    private double relayPublished() {
        var counter = metrics.find("outbox.relay.published").counter();
        return counter == null ? 0 : counter.count();
    }

    /** @return callbacks acknowledged per second */
    private double callbacks(String round, Kind kind, int count, int concurrency) throws Exception {
        String run = "bench" + System.nanoTime();
        java.util.function.IntFunction<String> bodies = bodies(kind, run, count);
        Vertx vertx = Vertx.vertx();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(callbacks.getHost())
                .setDefaultPort(callbacks.getPort()), new PoolOptions().setHttp1MaxSize(concurrency));
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        Instant started = Instant.now();
        app.reseller.infra.MachineCpu cpuBefore = app.reseller.infra.MachineCpu.snapshot();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String body = bodies.apply(i);
            inFlight.acquire();
            CompletableFuture<Void> done = new CompletableFuture<>();
            all.add(done);
            http.request(HttpMethod.POST, callbacks.getPath())
                    .compose(request -> request.putHeader("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                            .putHeader("Content-Type", "application/json").send(body)
                            .compose(answer -> answer.body().map(b -> answer.statusCode() == 200 && b.toString().contains("\"000\""))))
                    .onComplete(result -> {
                        inFlight.release();
                        if (result.succeeded() && result.result()) {
                            acknowledged.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                        done.complete(null);
                    });
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        // the machine's CPU over the round, by process: what a callback costs everything it runs on
        String cpu = app.reseller.infra.MachineCpu.snapshot().describe(cpuBefore, count);
        vertx.close().toCompletionStage().toCompletableFuture().join();
        long rows = DB.number("select count(*) from wappin_callback where wappin_message_id like '" + run + "-%'");
        long events = DB.number("select count(*) from outbox_event where type = '" + kind.eventType + "' "
                + "and payload->>'wappinMessageId' like '" + run + "-%'");
        // the round's wall-clock window, to cut a profile (JFR) of the whole run down to it
        System.out.printf("[bench] %s %s: %d acknowledged, %d failed, %d stored, %d events, %.1f s (%s to %s)%n",
                round, kind.label, acknowledged.get(), failed.get(), rows, events, seconds, started, Instant.now());
        System.out.printf("[bench] %s %s, CPU: %s%n", round, kind.label, cpu);
        if (rows != acknowledged.get() || events != rows || failed.get() > 0) {
            throw new AssertionError("a callback was acknowledged without being stored with its event");
        }
        return acknowledged.get() / seconds;
    }

    /** The same load on an endpoint that touches no database: the most any HTTP path can do here. @return requests/s */
    private double emptyRequests(int count, int concurrency) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(callbacks.getHost())
                .setDefaultPort(callbacks.getPort()), new PoolOptions().setHttp1MaxSize(concurrency));
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            CompletableFuture<Void> done = new CompletableFuture<>();
            all.add(done);
            http.request(HttpMethod.GET, "/q/health/live").compose(r -> r.send().compose(a -> a.body()))
                    .onComplete(result -> {
                        inFlight.release();
                        done.complete(null);
                    });
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        vertx.close().toCompletionStage().toCompletableFuture().join();
        return count / seconds;
    }

    /** The durable store of a callback without the HTTP layer: what the database side costs. @return callbacks/s */
    private double storeOnly(int count, int concurrency) throws Exception {
        String run = "sql" + System.nanoTime();
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger stored = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            UUID id = UUID.randomUUID();
            String messageId = run + "-" + i;
            String body = "{\"message_id\":\"" + messageId + "\",\"callback_type\":\"message\",\"sender_number\":\"6281200000000\"}";
            String event = "{\"inboundId\":\"" + id + "\",\"wappinMessageId\":\"" + messageId + "\",\"sender\":\"6281200000000\"}";
            all.add(store.storeInbound("message:" + messageId, messageId, body, id, "6281200000000", "hello", Instant.now(), event)
                    .subscribeAsCompletionStage()
                    .whenComplete((ok, failure) -> {
                        inFlight.release();
                        if (Boolean.TRUE.equals(ok)) {
                            stored.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (stored.get() != count) {
            throw new AssertionError("only " + stored.get() + " of " + count + " stored");
        }
        return count / seconds;
    }

    /** @return rows per second of plain single-row INSERTs, each its own transaction */
    private double plainInserts(int count, int concurrency) throws Exception {
        String url = SharedInfra.get().postgres().jdbcUrl(MessagingTestSupport.DATABASE);
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, EmbeddedPostgresServer.SUPERUSER);
                     PreparedStatement insert = c.prepareStatement("insert into bench_plain_insert (dedup_key, body) values (?, cast(? as jsonb))")) {
                    for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        insert.setString(1, "plain-" + System.nanoTime() + "-" + i);
                        insert.setString(2, "{\"message_id\":\"" + i + "\",\"callback_type\":\"message\"}");
                        insert.executeUpdate();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return count / seconds;
    }
}
