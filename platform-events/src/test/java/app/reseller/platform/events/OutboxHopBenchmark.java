package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark program, not a test (tag "benchmark": never part of {@code verify}). Drives state
 * changes at a steady rate through the real app, PostgreSQL and Kafka, and prints the event hop
 * from the outbox insert (inside the committing transaction) to the consumer's committed effect:
 * p50, p90, p99, max, and events/s. Both ends are PostgreSQL's clock, so no skew.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl platform-events -am verify -Dbench.rate=200 -Dbench.seconds=30
 * </pre>
 * {@code -Dbench.timeline=true} also prints the hop per second of the run and the database's
 * checkpoints and the outbox tables' dead rows before and after it (where the tail comes from).
 * {@code -Dbench.noNotify=true} drops the commit-time NOTIFY trigger (an experiment: pair it with
 * {@code -Dplatform.outbox.relay.poll-interval=10ms}); docs/benchmarks.md says what it showed.
 */
@Tag("benchmark")
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class OutboxHopBenchmark {

    @TestHTTPResource("/probe")
    URI probe;

    @Test
    void eventHopFromCommitToConsumerEffect() throws Exception {
        int rate = Integer.getInteger("bench.rate", 200);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int aggregates = Integer.getInteger("bench.aggregates", 50);
        // events committed by one request (1: a change and its event per transaction, the default;
        // N: N changes of one aggregate and their events in one transaction, as the callback store commits)
        int perCommit = Integer.getInteger("bench.eventsPerCommit", 1);
        // how the changes are written: "orm" (a Hibernate session, entity persist and Outbox.appendAll),
        // or "sql" (one statement on the reactive pool, as the product's hot paths write, CallbackStore)
        String writer = System.getProperty("bench.writer", "orm");
        // events of one commit: all of one aggregate (false, the default: the relay's hardest case, a
        // chain of sends each waiting for the one before), or each of its own aggregate (true, as the
        // callback store's group commits hold callbacks of different messages; sql writer only)
        boolean spread = Boolean.getBoolean("bench.spread");
        if (spread && !writer.equals("sql")) {
            throw new IllegalArgumentException("bench.spread needs bench.writer=sql");
        }
        String path = switch (writer) {
            case "orm" -> probe.getPath();
            case "sql" -> probe.getPath() + "/sql";
            default -> throw new IllegalArgumentException("bench.writer is orm or sql, not " + writer);
        };
        // A Vert.x client on its own event loop, not the JDK's HttpClient: that one hands every
        // completion to CompletableFuture's default executor, which on 2 cores starts a thread per
        // task (JFR saw 250-320 new threads a second in this JVM, CPU taken from the app measured).
        io.vertx.core.Vertx loadVertx = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
        io.vertx.core.http.HttpClient http = loadVertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setDefaultHost(probe.getHost()).setDefaultPort(probe.getPort()).setMaxPoolSize(64).setKeepAlive(true));

        if (Boolean.getBoolean("bench.noNotify")) { // experiment: what the commit-time NOTIFY costs
            ProbeInfra.execute("drop trigger if exists outbox_event_inserted on outbox_event");
        }
        // warm-up at the measured rate, long enough for the JIT to compile the hot paths
        run(http, path, spread, "warm-up", rate, Integer.getInteger("bench.warmupSeconds", 20), aggregates, perCommit);
        Thread.sleep(3_000);
        String runId = "bench-" + System.currentTimeMillis();
        String statsBefore = databaseStats();
        long t0 = System.nanoTime();
        int sent = run(http, path, spread, runId, rate, seconds, aggregates, perCommit);
        double sendSeconds = (System.nanoTime() - t0) / 1e9;

        long deadline = System.currentTimeMillis() + 120_000;
        while (ProbeInfra.count("select count(*) from probe_effect where aggregate_id like '" + runId + "%'") < sent) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("not every event arrived within 2 minutes");
            }
            Thread.sleep(100);
        }
        List<Double> hops = ProbeInfra.query("""
                select extract(epoch from (e.applied_at - o.created_at)) * 1000
                  from probe_effect e join outbox_event o on o.id = e.event_id
                 where e.aggregate_id like '%s%%'""".formatted(runId), rs -> rs.getDouble(1));
        double span = ProbeInfra.query("""
                select extract(epoch from (max(e.applied_at) - min(o.created_at)))
                  from probe_effect e join outbox_event o on o.id = e.event_id
                 where e.aggregate_id like '%s%%'""".formatted(runId), rs -> rs.getDouble(1)).get(0);
        // where the time goes: commit -> marked sent by the relay (after Kafka's ack), then -> consumer effect
        List<Double> relayed = ProbeInfra.query("""
                select extract(epoch from (o.sent_at - o.created_at)) * 1000
                  from probe_effect e join outbox_event o on o.id = e.event_id
                 where e.aggregate_id like '%s%%'""".formatted(runId), rs -> rs.getDouble(1));
        String statsAfter = databaseStats();
        loadVertx.close();
        if (Boolean.getBoolean("bench.timeline")) { // where in the run the tail lies: a steady drift or a few stalls
            System.out.println("\nsecond  events  hop p50  hop p99  relay p99 (ms)");
            ProbeInfra.query("""
                    select extract(epoch from date_trunc('second', o.created_at) - min(date_trunc('second', o.created_at)) over ())::int,
                           count(*),
                           percentile_cont(0.5) within group (order by extract(epoch from e.applied_at - o.created_at) * 1000),
                           percentile_cont(0.99) within group (order by extract(epoch from e.applied_at - o.created_at) * 1000),
                           percentile_cont(0.99) within group (order by extract(epoch from o.sent_at - o.created_at) * 1000)
                      from probe_effect e join outbox_event o on o.id = e.event_id
                     where e.aggregate_id like '%s%%'
                     group by date_trunc('second', o.created_at) order by 1""".formatted(runId),
                    rs -> "%6d  %6d  %7.0f  %7.0f  %9.0f".formatted(rs.getInt(1), rs.getInt(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)))
                    .forEach(System.out::println);
            System.out.println("database before: " + statsBefore + "\ndatabase after:  " + statsAfter);
            System.out.println("the relay's claim now (16 buckets, 500 rows, planned as the relay plans it):");
            explainTheClaim().forEach(line -> System.out.println("  " + line));
        }
        Collections.sort(hops);
        Collections.sort(relayed);
        System.out.printf("""

                === outbox event hop (commit -> consumer effect), real PostgreSQL + Kafka ===
                target rate      %d events/s for %d s over %d aggregates, %d event(s) per commit%s, writer %s
                events           %d sent in %.1f s (%.0f/s offered), %d applied
                throughput       %.0f events/s (first commit to last effect)
                hop p50          %.1f ms
                hop p90          %.1f ms
                hop p99          %.1f ms
                hop max          %.1f ms
                relay p50/p99    %.1f / %.1f ms (commit -> Kafka acknowledged, marked sent)
                ============================================================================
                %n""", rate, seconds, spread ? aggregates * perCommit : aggregates, perCommit,
                spread ? " (each of its own aggregate)" : " (of one aggregate)", writer, sent, sendSeconds, sent / sendSeconds, hops.size(),
                hops.size() / span, pct(hops, 50), pct(hops, 90), pct(hops, 99), hops.get(hops.size() - 1),
                pct(relayed, 50), pct(relayed, 99));
    }

    /**
     * Offers {@code rate} events per second for {@code seconds}, paced, without waiting for answers:
     * one request per {@code perCommit} events; returns how many events were committed.
     */
    private int run(io.vertx.core.http.HttpClient http, String path, boolean spread, String prefix, int rate, int seconds, int aggregates, int perCommit)
            throws Exception {
        int requests = rate * seconds / perCommit;
        double requestsPerSecond = (double) rate / perCommit;
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(requests);
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long due = start + (long) (i * (1e9 / requestsPerSecond));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            // request i is the (i / aggregates)-th of its aggregate: its events are that many groups in
            int firstSeq = spread ? i / aggregates + 1 : (i / aggregates) * perCommit + 1;
            String uri = path + "/" + prefix + "-" + (i % aggregates) + "/" + firstSeq + "?events=" + perCommit
                    + (spread ? "&spread=true" : "");
            inFlight.add(http.request(io.vertx.core.http.HttpMethod.POST, uri)
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> response.statusCode()))
                    .toCompletionStage().toCompletableFuture()
                    .handle((status, failure) -> {
                        if (failure != null || status != 204) {
                            failed.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " changes failed");
        }
        return requests * perCommit;
    }

    /** The relay's claim over every bucket, planned in the relay's transaction settings, run and timed. */
    private static List<String> explainTheClaim() throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(
                app.reseller.infra.SharedInfra.get().postgres().jdbcUrl(ProbeInfra.DATABASE), "postgres", "postgres");
             var s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(OutboxRelay.PLAN_THE_CLAIM_IN_ORDER);
            s.execute("prepare claim(int[], int) as " + OutboxRelay.CLAIM_ROWS);
            List<String> plan = new ArrayList<>();
            try (var rs = s.executeQuery("explain (analyze, buffers) execute claim(array[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15], 500)")) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            c.rollback();
            return plan;
        }
    }

    /** Checkpoints so far, and the outbox table's live and dead rows and vacuums: what changes under a run. */
    private static String databaseStats() {
        String checkpoints = ProbeInfra.query("select num_timed, num_requested, write_time, sync_time from pg_stat_checkpointer",
                rs -> "checkpoints timed %d requested %d (write %.0f ms, sync %.0f ms)".formatted(
                        rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4))).get(0);
        List<String> tables = ProbeInfra.query("""
                select relname, n_live_tup, n_dead_tup, autovacuum_count, autoanalyze_count from pg_stat_user_tables
                 where relname in ('outbox_event', 'processed_event', 'probe_effect') order by relname""",
                rs -> "%s live %d dead %d autovacuums %d autoanalyzes %d".formatted(
                        rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        String settings = ProbeInfra.query("""
                select string_agg(name || '=' || setting, ' ' order by name) from pg_settings
                 where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'autovacuum', 'autovacuum_naptime')""",
                rs -> rs.getString(1)).get(0);
        return settings + "; " + checkpoints + "; " + String.join("; ", tables);
    }

    private static double pct(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
