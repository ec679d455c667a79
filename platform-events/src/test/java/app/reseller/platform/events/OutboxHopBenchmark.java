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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(4)).build();

        // warm-up at the measured rate, long enough for the JIT to compile the hot paths
        run(http, "warm-up", rate, Integer.getInteger("bench.warmupSeconds", 20), aggregates);
        Thread.sleep(3_000);
        String runId = "bench-" + System.currentTimeMillis();
        long t0 = System.nanoTime();
        int sent = run(http, runId, rate, seconds, aggregates);
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
        Collections.sort(hops);
        System.out.printf("""

                === outbox event hop (commit -> consumer effect), real PostgreSQL + Kafka ===
                target rate      %d events/s for %d s over %d aggregates
                events           %d sent in %.1f s (%.0f/s offered), %d applied
                throughput       %.0f events/s (first commit to last effect)
                hop p50          %.1f ms
                hop p90          %.1f ms
                hop p99          %.1f ms
                hop max          %.1f ms
                ============================================================================
                %n""", rate, seconds, aggregates, sent, sendSeconds, sent / sendSeconds, hops.size(),
                hops.size() / span, pct(hops, 50), pct(hops, 90), pct(hops, 99), hops.get(hops.size() - 1));
    }

    /** Offers {@code rate} changes per second for {@code seconds}, paced, without waiting for answers. */
    private int run(HttpClient http, String prefix, int rate, int seconds, int aggregates) throws Exception {
        int total = rate * seconds;
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * (1e9 / rate));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            URI uri = URI.create(probe + "/" + prefix + "-" + (i % aggregates) + "/" + (i / aggregates + 1));
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .thenAccept(r -> {
                        if (r.statusCode() != 204) {
                            failed.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " changes failed");
        }
        return total;
    }

    private static double pct(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
