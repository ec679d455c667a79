package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import app.reseller.infra.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A pass takes its share of the buckets from the relays connected, but counts them (pg_stat_activity,
 * the dearest statement of a pass) only once a second by the relay's clock: between two counts, a relay
 * that came or went changes nothing; at the next count, the share follows. The app's own relay is off
 * here, so no other pass holds a bucket and each figure is the share alone.
 */
@QuarkusTest
@TestProfile(OutboxRelayCountsTheRelaysOnceASecondTest.AppRelayOff.class)
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class OutboxRelayCountsTheRelaysOnceASecondTest {

    public static class AppRelayOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.outbox.relay.enabled", "false");
        }
    }

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    OutboxPublisher publisher;
    @Inject
    OutboxConfig config;

    private final List<Connection> others = new ArrayList<>();

    @Test
    void theShareFollowsTheRelaysConnectedAtTheNextCountNotBefore() throws Exception {
        TestClock clock = new TestClock().freeze();
        OutboxRelay relay = new OutboxRelay(pool, ConfigProvider.getConfig(), vertx, publisher, config, new SimpleMeterRegistry(), clock, new WorkInFlight());
        // a relay that is not started has no connections of its own to be counted by: this one stands for them
        try (Connection itsOwn = ProbeInfra.connectAs(OutboxRelay.APPLICATION_NAME + "under-test")) {
            assertEquals(16, taken(relay), "alone, every bucket");

            connectAnotherRelay();
            assertEquals(16, taken(relay), "counted a moment ago: the new relay is not counted yet");
            clock.advance(OutboxRelay.RECOUNT_RELAYS_EVERY.minusMillis(1));
            assertEquals(16, taken(relay), "nor a millisecond before the count is a second old");
            clock.advance(Duration.ofMillis(1));
            assertEquals(8, taken(relay), "counted again: half");

            connectAnotherRelay();
            clock.advance(OutboxRelay.RECOUNT_RELAYS_EVERY);
            assertEquals(6, taken(relay), "three relays: a third, rounded up");

            disconnectTheOthers();
            assertEquals(6, taken(relay), "until the next count, the share of three (the look at free buckets covers the rest)");
            clock.advance(OutboxRelay.RECOUNT_RELAYS_EVERY);
            assertEquals(16, taken(relay), "alone again");

            connectAnotherRelay();
            clock.advance(Duration.ofMinutes(-5));
            assertEquals(8, taken(relay), "a clock set back counts again at once");
        } finally {
            disconnectTheOthers();
        }
    }

    private static int taken(OutboxRelay relay) {
        return relay.bucketsAPassWouldTake().await().atMost(Duration.ofSeconds(5)).size();
    }

    private void connectAnotherRelay() throws Exception {
        others.add(ProbeInfra.connectAs(OutboxRelay.APPLICATION_NAME + "other-replica-" + others.size()));
    }

    private void disconnectTheOthers() throws Exception {
        for (Connection other : others) {
            other.close();
        }
        others.clear();
        // a closed connection's backend leaves pg_stat_activity a moment later
        await().atMost(Duration.ofSeconds(10)).until(() -> ProbeInfra.count(
                "select count(*) from pg_stat_activity where application_name like 'outbox-relay other-replica-%'") == 0);
    }
}
