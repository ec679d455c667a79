package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A replica's relay freezes in the middle of a pass (its process stopped, cut off, or in a long
 * pause), holding its share of the buckets: the advisory locks of its open transaction. It cannot
 * let go of anything itself, so PostgreSQL does, once the pass has said nothing for the pass timeout
 * ({@code idle_in_transaction_session_timeout} on the relay's connections): the other relay then
 * publishes those buckets' events. When the frozen relay wakes, its pass fails on the ended session
 * and marks nothing; every event is applied once, in order.
 */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class OutboxRelayFrozenMidPassTest {

    private static final Duration PASS_TIMEOUT = Duration.ofSeconds(8);
    private static final int EACH = 3;

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    OutboxConfig config;
    @Inject
    Clock clock;

    @Test
    void theBucketsOfAFrozenPassGoToTheOtherRelayAfterThePassTimeout() throws Exception {
        FrozenPublisher frozen = new FrozenPublisher(config, clock);
        SimpleMeterRegistry frozenMetrics = new SimpleMeterRegistry();
        OutboxRelay stuck = new OutboxRelay(pool, ConfigProvider.getConfig(), vertx, frozen, RelaySettings.with(config, "passTimeout", PASS_TIMEOUT),
                frozenMetrics, clock, new WorkInFlight());
        frozen.relayName = stuck.applicationName();
        try {
            stuck.start(null);
            frozen.called.get(30, TimeUnit.SECONDS);
            Set<Integer> held = bucketsHeldBy(stuck.applicationName());
            assertFalse(held.isEmpty(), "the frozen pass holds buckets (beside the app's relay, half of them)");

            // two aggregates in every bucket, their events interleaved as concurrent customers write them
            List<String> aggregates = twoAggregatesPerBucket();
            for (int seq = 1; seq <= EACH; seq++) {
                for (String aggregate : aggregates) {
                    given().post("/probe/" + aggregate + "/" + seq).then().statusCode(204);
                }
            }
            long inHeldBuckets = aggregates.stream().filter(a -> held.contains((int) Outbox.bucketOf(a))).count() * EACH;

            // while the pass is frozen, its buckets wait (the app's relay publishes the others)
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> unsentIn(held) == inHeldBuckets);
            // then PostgreSQL ends the frozen session and the app's relay takes its buckets
            int total = aggregates.size() * EACH;
            await().atMost(PASS_TIMEOUT.plusSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> unsent() == 0 && effects() == total);

            // the frozen relay wakes, claiming Kafka took its batch: its pass fails and marks nothing
            frozen.release.complete(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> frozenMetrics.counter("outbox.relay.failures").count() >= 1);
        } finally {
            stuck.stop(null);
        }
        int total = twoAggregatesPerBucket().size() * EACH;
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> effects() == total && unsent() == 0);
        List<Integer> all = IntStream.rangeClosed(1, EACH).boxed().toList();
        Map<String, List<Integer>> applied = ProbeInfra.appliedSeqsPerAggregate("frozen-");
        assertEquals(twoAggregatesPerBucket().size(), applied.size());
        applied.forEach((aggregate, seqs) -> assertEquals(all, seqs, "applied once, in order: " + aggregate));
    }

    /**
     * Not only the relay: a pod frozen in any transaction holds its locks (a customer's account row, a
     * message's advisory lock). Every service's shared pool asks PostgreSQL to end a transaction silent
     * for a minute (platform-events' defaults); what PostgreSQL then does is the test above.
     */
    @Test
    void theSharedPoolEndsATransactionSilentForAMinute() {
        for (int connection = 0; connection < 3; connection++) { // whichever connection the pool hands out
            String timeout = pool.withTransaction(tx -> tx.query("show idle_in_transaction_session_timeout").execute())
                    .map(rows -> rows.iterator().next().getString(0))
                    .await().atMost(Duration.ofSeconds(10));
            assertEquals("1min", timeout);
        }
    }

    private static List<String> twoAggregatesPerBucket() {
        Map<Short, List<String>> byBucket = new java.util.HashMap<>();
        for (int i = 0; byBucket.size() < OutboxBuckets.COUNT || byBucket.values().stream().anyMatch(a -> a.size() < 2); i++) {
            String aggregate = "frozen-" + i;
            List<String> inBucket = byBucket.computeIfAbsent(Outbox.bucketOf(aggregate), b -> new ArrayList<>());
            if (inBucket.size() < 2) {
                inBucket.add(aggregate);
            }
        }
        return byBucket.values().stream().flatMap(List::stream).sorted().toList();
    }

    private static Set<Integer> bucketsHeldBy(String applicationName) {
        return new TreeSet<>(ProbeInfra.query("""
                select l.objid::int from pg_locks l join pg_stat_activity a on a.pid = l.pid
                 where l.locktype = 'advisory' and l.classid = %d and a.application_name = '%s'"""
                .formatted(OutboxBuckets.LOCK_NAMESPACE, applicationName), rs -> rs.getInt(1)));
    }

    private static long unsentIn(Set<Integer> buckets) {
        return ProbeInfra.count("select count(*) from outbox_event where aggregateid like 'frozen-%' and sent_at is null and bucket in ("
                + buckets.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")");
    }

    private static long unsent() {
        return ProbeInfra.count("select count(*) from outbox_event where aggregateid like 'frozen-%' and sent_at is null");
    }

    private static long effects() {
        return ProbeInfra.count("select count(*) from probe_effect where aggregate_id like 'frozen-%'");
    }

    /**
     * Kafka as a frozen relay sees it: the first batch of a pass that holds buckets is answered only
     * when the test says so (as all acknowledged); every later one fails, so the relay never marks a
     * row it did not publish. A pass that got no bucket goes by: the app's relay, counting only itself
     * when its pass began, may have taken them all (CI saw the freeze land on such a pass, holding nothing).
     */
    private static final class FrozenPublisher extends OutboxPublisher {
        final CompletableFuture<Void> called = new CompletableFuture<>();
        final CompletableFuture<Void> release = new CompletableFuture<>();
        volatile String relayName;

        FrozenPublisher(OutboxConfig config, Clock clock) {
            super(null, config, clock);
        }

        @Override
        Uni<Sent> publish(List<OutboxRow> rows, Instant noSendAfter) {
            if (called.isDone()) {
                return Uni.createFrom().failure(new IllegalStateException("the frozen relay publishes nothing"));
            }
            return Uni.createFrom().item(() -> bucketsHeldBy(relayName)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(held -> {
                        if (held.isEmpty() && rows.isEmpty()) {
                            return Uni.createFrom().item(new Sent(rows, null)); // nothing held, nothing to freeze on
                        }
                        called.complete(null);
                        return Uni.createFrom().completionStage(release).map(ignored -> new Sent(rows, null));
                    });
        }
    }
}
