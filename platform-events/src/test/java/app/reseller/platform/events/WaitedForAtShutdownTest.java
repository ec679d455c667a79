package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import app.reseller.platform.events.probe.ProbeJob;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code @Scheduled} job marked {@link WaitedForAtShutdown}, called by the real scheduler: each run is counted in
 * {@link WorkInFlight} while it runs, a run under way holds {@code finish} until it ends, and no run starts after.
 * Its own app (the relay off, so the job is the only work counted): finishing ends the app's background work.
 */
@QuarkusTest
@TestProfile(WaitedForAtShutdownTest.JobEvery100Ms.class)
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class WaitedForAtShutdownTest {

    public static class JobEvery100Ms implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("probe.job.every", "0.1s", "platform.outbox.relay.enabled", "false");
        }
    }

    @Inject
    ProbeJob job;

    @Inject
    WorkInFlight work;

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    OutboxConfig config;
    @Inject
    Clock clock;

    @Test
    void aRunUnderWayIsWaitedForAndNoneStartsAfter() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> job.runs() >= 3);
        assertTrue(job.countedInside().stream().allMatch(counted -> counted == 1),
                "each run the scheduler made was counted while it ran: " + job.countedInside());
        assertTrue(job.blocking().endsWith("while 1 counted") || job.blocking().endsWith("while 2 counted"),
                "a blocking method is counted while it runs (a scheduled run may overlap it)");
        await().atMost(Duration.ofSeconds(5)).until(() -> work.running() == 0);

        CompletableFuture<Void> release = new CompletableFuture<>();
        job.holdNextRun(release).get(20, TimeUnit.SECONDS);
        assertEquals(1, work.running(), "the held run is under way");

        CompletableFuture<Boolean> finished = CompletableFuture.supplyAsync(() -> work.finish(Duration.ofSeconds(60)));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !finished.isDone());
        int runsWhileFinishing = job.runs();

        release.complete(null);
        assertTrue(finished.get(20, TimeUnit.SECONDS), "finish returned once the run ended, within its patience");
        assertTrue(job.heldRunEnded(), "the run had ended when finish returned");
        assertEquals(0, work.running());

        // the scheduler still fires every 100 ms; no run starts, and a blocking call does nothing
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> job.runs() == runsWhileFinishing);
        int blockingRuns = job.blockingRuns();
        assertNull(job.blocking());
        assertEquals(blockingRuns, job.blockingRuns());
        assertFalse(work.begin());
    }

    /**
     * The relay's pass is work in flight too: a pass publishing when the pod stops is waited for, so it marks what
     * Kafka took (before, the pool closed under it: its rows stayed unsent and were published again by the next
     * pod), and no pass starts after. A relay of the test's own, with its own WorkInFlight (the app's relay is off).
     */
    @Test
    void aRelayPassUnderWayMarksItsRowsBeforeTheShutdownGoesOn() throws Exception {
        WorkInFlight relayWork = new WorkInFlight();
        HeldPublisher kafka = new HeldPublisher(config, clock);
        given().post("/probe/drain-1/1").then().statusCode(204);
        OutboxRelay relay = new OutboxRelay(pool, ConfigProvider.getConfig(), vertx, kafka,
                RelaySettings.with(config, "enabled", true), new SimpleMeterRegistry(), clock,
                relayWork);
        try {
            relay.start(null);
            kafka.called.get(30, TimeUnit.SECONDS);
            CompletableFuture<Boolean> finished = CompletableFuture.supplyAsync(() -> relayWork.finish(Duration.ofSeconds(30)));
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !finished.isDone());

            kafka.release.complete(null);
            assertTrue(finished.get(30, TimeUnit.SECONDS));
            assertEquals(0, ProbeInfra.count("select count(*) from outbox_event where aggregateid = 'drain-1' and sent_at is null"),
                    "the pass marked its row before finish returned");

            given().post("/probe/drain-2/1").then().statusCode(204);
            relay.wakeUp();
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> ProbeInfra.count(
                    "select count(*) from outbox_event where aggregateid = 'drain-2' and sent_at is null") == 1);
            assertEquals(1, kafka.batches.get(), "no pass published after the finish");
        } finally {
            relay.stop(null);
        }
    }

    /** Kafka taking a while: the first batch is acknowledged when the test says so, every later one at once. */
    private static final class HeldPublisher extends OutboxPublisher {
        final CompletableFuture<Void> called = new CompletableFuture<>();
        final CompletableFuture<Void> release = new CompletableFuture<>();
        final AtomicInteger batches = new AtomicInteger();

        HeldPublisher(OutboxConfig config, Clock clock) {
            super(null, config, clock);
        }

        @Override
        Uni<Sent> publish(List<OutboxRow> rows, Instant noSendAfter) {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(new Sent(rows, null));
            }
            batches.incrementAndGet();
            called.complete(null);
            return Uni.createFrom().completionStage(release).map(ignored -> new Sent(rows, null));
        }
    }
}
