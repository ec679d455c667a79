package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import app.reseller.infra.Race;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One relay per database publishes (it holds the {@link RelayLease}); the others stand by and take
 * over when it stops, dies or freezes, each event still applied once and in order. The app's own
 * relay is off; the relays here are the test's, each with its own connections, as pods' are.
 */
@QuarkusTest
@TestProfile(OutboxRelayCountsTheRelaysOnceASecondTest.AppRelayOff.class)
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class OutboxRelayOnePerDatabaseTest {

    /** Longer than any wait below: a takeover within it was not the lease running out. */
    private static final Duration LONG_LEASE = Duration.ofSeconds(60);

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    OutboxPublisher publisher;
    @Inject
    OutboxConfig config;
    @Inject
    Clock clock;

    private final List<OutboxRelay> started = new ArrayList<>();

    @AfterEach
    void stopTheRelays() {
        started.forEach(relay -> relay.stop(null));
        ProbeInfra.execute("delete from job_lease where name = '" + RelayLease.NAME + "'");
    }

    @Test
    void oneRelayPublishesWhileTheOtherStandsBy() {
        Relay first = start(LONG_LEASE);
        await().atMost(Duration.ofSeconds(10)).until(first.relay::publishing);
        Relay second = start(LONG_LEASE);

        writeEvents("lease-both-", 10, 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> unsent("lease-both-") == 0 && effects("lease-both-") == 200);
        // the standby keeps looking at the lease once a poll interval, and takes nothing
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !second.relay.publishing());
        assertEquals(200.0, first.published(), "the holder published every event");
        assertEquals(0.0, second.published(), "the standby published none");
        assertEquals(0, second.passes(), "and made no pass at all");
        assertEquals(1.0, first.metrics.get("outbox.relay.publishing").gauge().value(), "the holder's gauge");
        assertEquals(0.0, second.metrics.get("outbox.relay.publishing").gauge().value(), "the standby's gauge");
        assertAppliedOnceInOrder("lease-both-", 10, 20);
    }

    @Test
    void aStandbyTakesOverAtOnceWhenThePublishersConnectionsAreGone() {
        Relay first = start(LONG_LEASE);
        await().atMost(Duration.ofSeconds(10)).until(first.relay::publishing);
        Relay second = start(LONG_LEASE);
        writeEvents("lease-dies-a-", 5, 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> unsent("lease-dies-a-") == 0);

        // a pod that dies: its connections end with it, its lease still has about a minute to run
        first.relay.stop(null);
        writeEvents("lease-dies-b-", 5, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> unsent("lease-dies-b-") == 0 && effects("lease-dies-b-") == 20);
        assertTrue(second.relay.publishing());
        assertEquals(20.0, second.published(), "the standby published what came after, long before the lease ended");
        assertAppliedOnceInOrder("lease-dies-b-", 5, 4);
    }

    @Test
    void aStoppingPodsRelayLetsTheLeaseGo() {
        WorkInFlight firstPod = new WorkInFlight();
        Relay first = start(LONG_LEASE, firstPod);
        await().atMost(Duration.ofSeconds(10)).until(first.relay::publishing);
        Relay second = start(LONG_LEASE);

        // the pod stops taking work (its connections are still open: the pool closes later, at shutdown)
        assertTrue(firstPod.finish(Duration.ofSeconds(10)));
        first.relay.wakeUp();
        await().atMost(Duration.ofSeconds(5)).until(() -> !first.relay.publishing());
        writeEvents("lease-stops-", 5, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> unsent("lease-stops-") == 0 && effects("lease-stops-") == 20);
        assertEquals(20.0, second.published(), "the standby took the lease it was given, long before it ended");
        assertEquals(0.0, first.published());
    }

    @Test
    void aStandbyWaitsForAFrozenPublishersLeaseToEndThenPublishes() throws Exception {
        // a frozen pod: its connection is open, it says nothing and renews nothing
        try (Connection frozen = ProbeInfra.connectAs(OutboxRelay.APPLICATION_NAME + "frozen")) {
            ProbeInfra.execute("insert into job_lease (name, holder, until) values ('" + RelayLease.NAME + "', '"
                    + OutboxRelay.APPLICATION_NAME + "frozen', now() + interval '5 seconds')");
            Relay standby = start(Duration.ofSeconds(10));
            writeEvents("lease-frozen-", 5, 4);
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(2)).until(() -> unsent("lease-frozen-") == 20);
            assertFalse(standby.relay.publishing(), "the lease of a connected holder is waited for");

            await().atMost(Duration.ofSeconds(12)).until(() -> unsent("lease-frozen-") == 0 && effects("lease-frozen-") == 20);
            assertTrue(standby.relay.publishing());
            assertTrue(frozen.isValid(1), "the frozen holder was still connected: the lease's end let the standby in");
            assertAppliedOnceInOrder("lease-frozen-", 5, 4);
        }
    }

    /**
     * Standbys racing for a free lease, or for a dead holder's, 200 rounds: exactly one takes it each
     * round. Each contender has connections of its own, named as a relay's are.
     */
    @Test
    void contendersRacingForTheLeaseLeaveItWithExactlyOne() {
        try (Contenders contenders = new Contenders(4)) {
            for (int round = 0; round < 200; round++) {
                if (round % 2 == 0) {
                    ProbeInfra.execute("delete from job_lease where name = '" + RelayLease.NAME + "'");
                } else { // held by a pod that died: no connection carries its name
                    ProbeInfra.execute("insert into job_lease (name, holder, until) values ('" + RelayLease.NAME + "', '"
                            + OutboxRelay.APPLICATION_NAME + "dead', now() + interval '1 minute') on conflict (name) do update set holder = excluded.holder, until = excluded.until");
                }
                assertEquals(1, atOnce(contenders.looks(0)), "round " + round + ": one contender holds the lease");
                assertEquals(1, heldBy("contender-%"), "round " + round);
            }
        }
    }

    /**
     * A stopping holder letting the lease go while three standbys look at it, 200 rounds: at most one takes
     * it then, the one the row names; and at their next look exactly one holds it, so a release never
     * leaves the lease stuck or shared.
     */
    @Test
    void aReleaseRacingTheStandbysLooksLeavesAtMostOneHolderAndNeverNone() {
        try (Contenders contenders = new Contenders(4)) {
            for (int round = 0; round < 200; round++) {
                ProbeInfra.execute("delete from job_lease where name = '" + RelayLease.NAME + "'");
                RelayLease stopping = contenders.lease(0); // one instance: it remembers that it holds the lease
                assertTrue(stopping.publishes(contenders.pool(0)).await().atMost(Duration.ofSeconds(10)), "round " + round);

                List<Callable<Boolean>> racing = new ArrayList<>(contenders.looks(1));
                racing.add(() -> {
                    stopping.release(contenders.pool(0)).await().atMost(Duration.ofSeconds(10));
                    return false;
                });
                int took = atOnce(racing);
                assertTrue(took <= 1, "round " + round + ": " + took + " standbys took the lease at once");
                assertEquals(took, heldBy("contender-%"), "round " + round + ": the row names the one that took it");
                assertEquals(0, heldBy("contender-0"), "round " + round + ": the stopping holder let it go");
                assertEquals(1, atOnce(contenders.looks(1)), "round " + round + ": at the next look, one holds it");
            }
        }
    }

    /** Relays' leases that hold connections of their own, named as a relay's are ("contender-N"). */
    private final class Contenders implements AutoCloseable {
        private final List<Pool> pools = new ArrayList<>();

        Contenders(int count) {
            for (int c = 0; c < count; c++) {
                pools.add(poolNamed(OutboxRelay.APPLICATION_NAME + "contender-" + c));
            }
        }

        RelayLease lease(int c) {
            return new RelayLease(OutboxRelay.APPLICATION_NAME + "contender-" + c, LONG_LEASE, Duration.ofSeconds(1), clock);
        }

        Pool pool(int c) {
            return pools.get(c);
        }

        /** Contender c's look at the lease: true when it holds it after. */
        Callable<Boolean> look(int c) {
            RelayLease lease = lease(c);
            return () -> lease.publishes(pools.get(c)).await().atMost(Duration.ofSeconds(10));
        }

        /** The looks of contenders from {@code first} on. */
        List<Callable<Boolean>> looks(int first) {
            return IntStream.range(first, pools.size()).mapToObj(this::look).toList();
        }

        @Override
        public void close() {
            pools.forEach(Pool::closeAndForget);
        }
    }


    /** Runs the calls at the same moment (Race); answers how many answered true, failing if one failed. */
    private static int atOnce(List<Callable<Boolean>> calls) {
        int yes = 0;
        for (Race.Outcome<Boolean> answer : Race.run(calls)) {
            if (answer.failed()) {
                throw new AssertionError("a racing call failed", answer.failure());
            }
            yes += answer.value() ? 1 : 0;
        }
        return yes;
    }

    private static long heldBy(String holderLike) {
        return ProbeInfra.count("select count(*) from job_lease where name = '" + RelayLease.NAME
                + "' and holder like '" + OutboxRelay.APPLICATION_NAME + holderLike + "'");
    }

    private record Relay(OutboxRelay relay, SimpleMeterRegistry metrics) {
        double published() {
            return metrics.counter("outbox.relay.published").count();
        }

        long passes() {
            return metrics.timer("outbox.relay.pass").count();
        }
    }

    private Relay start(Duration lease) {
        return start(lease, new WorkInFlight());
    }

    private Relay start(Duration lease, WorkInFlight work) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        OutboxConfig settings = RelaySettings.with(RelaySettings.with(RelaySettings.with(config,
                "enabled", true), "onePerDatabase", true), "lease", lease);
        OutboxRelay relay = new OutboxRelay(pool, ConfigProvider.getConfig(), vertx, publisher, settings, metrics, clock, work);
        relay.start(null);
        started.add(relay);
        return new Relay(relay, metrics);
    }

    private Pool poolNamed(String applicationName) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(1))
                .connectingTo(OutboxDatabase.of(ConfigProvider.getConfig()).orElseThrow().addProperty("application_name", applicationName))
                .using(vertx)
                .build();
    }

    private static void writeEvents(String prefix, int aggregates, int each) {
        for (int seq = 1; seq <= each; seq++) {
            for (int a = 0; a < aggregates; a++) {
                given().post("/probe/" + prefix + a + "/" + seq).then().statusCode(204);
            }
        }
    }

    private static void assertAppliedOnceInOrder(String prefix, int aggregates, int each) {
        Map<String, List<Integer>> applied = ProbeInfra.appliedSeqsPerAggregate(prefix);
        assertEquals(aggregates, applied.size());
        List<Integer> all = IntStream.rangeClosed(1, each).boxed().toList();
        applied.forEach((aggregate, seqs) -> assertEquals(all, seqs, "applied once, in order: " + aggregate));
    }

    private static long unsent(String prefix) {
        return ProbeInfra.count("select count(*) from outbox_event where aggregateid like '" + prefix + "%' and sent_at is null");
    }

    private static long effects(String prefix) {
        return ProbeInfra.count("select count(*) from probe_effect where aggregate_id like '" + prefix + "%'");
    }
}
