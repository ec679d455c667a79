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
        run(http, "warm-up", rate, Integer.getInteger("bench.warmupSeconds", 20), aggregates, perCommit);
        Thread.sleep(3_000);
        String runId = "bench-" + System.currentTimeMillis();
        long t0 = System.nanoTime();
        int sent = run(http, runId, rate, seconds, aggregates, perCommit);
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
        loadVertx.close();
        Collections.sort(hops);
        Collections.sort(relayed);
        System.out.printf("""

                === outbox event hop (commit -> consumer effect), real PostgreSQL + Kafka ===
                target rate      %d events/s for %d s over %d aggregates, %d event(s) per commit
                events           %d sent in %.1f s (%.0f/s offered), %d applied
                throughput       %.0f events/s (first commit to last effect)
                hop p50          %.1f ms
                hop p90          %.1f ms
                hop p99          %.1f ms
                hop max          %.1f ms
                relay p50/p99    %.1f / %.1f ms (commit -> Kafka acknowledged, marked sent)
                ============================================================================
                %n""", rate, seconds, aggregates, perCommit, sent, sendSeconds, sent / sendSeconds, hops.size(),
                hops.size() / span, pct(hops, 50), pct(hops, 90), pct(hops, 99), hops.get(hops.size() - 1),
                pct(relayed, 50), pct(relayed, 99));
    }

    /**
     * Offers {@code rate} events per second for {@code seconds}, paced, without waiting for answers:
     * one request per {@code perCommit} events; returns how many events were committed.
     */
    private int run(io.vertx.core.http.HttpClient http, String prefix, int rate, int seconds, int aggregates, int perCommit)
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
            int firstSeq = (i / aggregates) * perCommit + 1;
            String uri = probe.getPath() + "/" + prefix + "-" + (i % aggregates) + "/" + firstSeq + "?events=" + perCommit;
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

    private static double pct(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
