package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's database goes away mid-work, again and again: while events are written, every relay
 * connection is terminated by PostgreSQL every few milliseconds, so passes die wherever the cut finds
 * them: after their claim, after Kafka acknowledged but before the mark commits, or on a pooled
 * connection already gone. A pass that dies commits nothing: its rows stay unsent and go again (a
 * duplicate on the topic, dropped by the consumer), in seq order, after a back-off. Every event is
 * applied exactly once, each aggregate in order, and nothing stays unsent once the database is
 * reachable again.
 */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class OutboxRelayLosesItsDatabaseMidPassTest {

    private static final int AGGREGATES = 8;
    private static final int EACH = 25;
    private static final Pattern FAILURES = Pattern.compile("(?m)^outbox_relay_failures_total(?:\\{[^}]*})? ([0-9.E]+)");
    private static final String CUT_THE_RELAYS = """
            select count(pg_terminate_backend(pid)) from pg_stat_activity
             where datname = current_database() and application_name like '%s%%'""".formatted(OutboxRelay.APPLICATION_NAME);

    @Test
    void passesThatLoseTheirConnectionCommitNothingAndEveryEventIsAppliedOnceInOrder() throws Exception {
        double failuresBefore = relayFailures();
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Long> cuts = CompletableFuture.supplyAsync(() -> {
            long terminated = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // until the writes are done and at least three passes have failed (the fault provably hit the relay)
            while ((writing.get() || relayFailures() - failuresBefore < 3) && System.nanoTime() < deadline) {
                terminated += ProbeInfra.count(CUT_THE_RELAYS);
                try {
                    Thread.sleep(15);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return terminated;
        });
        try {
            // interleaved across aggregates, as concurrent customers would write
            for (int seq = 1; seq <= EACH; seq++) {
                for (int a = 0; a < AGGREGATES; a++) {
                    given().post("/probe/cut-" + a + "/" + seq).then().statusCode(204);
                }
            }
        } finally {
            writing.set(false);
        }
        long terminated = cuts.get();
        double failed = relayFailures() - failuresBefore;
        assertTrue(terminated > 0 && failed >= 3,
                "the relay lost its connections (" + terminated + " terminated) and passes failed (" + failed + ")");

        int total = AGGREGATES * EACH;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> effects() == total
                && ProbeInfra.count("select count(*) from outbox_event where aggregateid like 'cut-%' and sent_at is null") == 0);
        // the last check may race a redelivery still under way: nothing more is applied for a while
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> effects() == total);

        // on the topic: every event at least once (a pass that died after Kafka acknowledged sends it again)
        Map<String, List<Integer>> published = ProbeInfra.seqsPerAggregate(
                ProbeInfra.recordsOf("probe.events", key -> key.startsWith("cut-")));
        List<Integer> all = IntStream.rangeClosed(1, EACH).boxed().toList();
        assertEquals(AGGREGATES, published.size());
        published.forEach((aggregate, seqs) -> assertEquals(all, List.copyOf(new TreeSet<>(seqs)), "published, " + aggregate));

        // applied: every event once, each aggregate in order
        Map<String, List<Integer>> applied = ProbeInfra.appliedSeqsPerAggregate("cut-");
        assertEquals(AGGREGATES, applied.size());
        applied.forEach((aggregate, seqs) -> assertEquals(all, seqs, "applied, " + aggregate));
    }

    private static long effects() {
        return ProbeInfra.count("select count(*) from probe_effect where aggregate_id like 'cut-%'");
    }

    private static double relayFailures() {
        String metrics = when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher count = FAILURES.matcher(metrics);
        assertTrue(count.find(), "outbox_relay_failures_total on /q/metrics");
        return Double.parseDouble(count.group(1));
    }
}
