package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * With another relay connected, a pass takes only its share of the buckets; a commit's wake-up must
 * still get each new event published, whatever its bucket, without waiting for the timer. The timer
 * is set to an hour here, so an event left in a bucket outside the share would stay unsent.
 */
@QuarkusTest
@TestProfile(OutboxRelayWithOtherRelaysLeavesNoBucketBehindTest.TimerOfAnHour.class)
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class OutboxRelayWithOtherRelaysLeavesNoBucketBehindTest {

    public static class TimerOfAnHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.outbox.relay.poll-interval", "1h");
        }
    }

    @Inject
    OutboxRelay relay;

    @Test
    void everyEventIsPublishedOnItsCommitsWakeUpWhateverItsBucket() throws Exception {
        try (Connection otherRelay = ProbeInfra.connectAs(OutboxRelay.APPLICATION_NAME + "other-replica")) {
            // the other relay is connected, so a pass takes 8 of the 16 buckets: without the look at the
            // free ones it left, about half of these events would wait for the timer
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.bucketsAPassWouldTake().await().atMost(Duration.ofSeconds(5)).size() == 8);
            for (int round = 0; round < 3; round++) {
                for (int bucket = 0; bucket < OutboxBuckets.COUNT; bucket++) {
                    String aggregate = aggregateIn(bucket, round);
                    given().post("/probe/" + aggregate + "/1").then().statusCode(204);
                    await().atMost(Duration.ofSeconds(10)).until(() -> ProbeInfra.count(
                            "select count(*) from outbox_event where aggregateid = '" + aggregate + "' and sent_at is not null") == 1);
                }
            }
        }
    }

    /** An aggregate id of this test that hashes into the bucket (a new one per round). */
    private static String aggregateIn(int bucket, int round) {
        for (int i = 0; ; i++) {
            String candidate = "no-bucket-behind-" + round + "-" + i;
            if (OutboxBuckets.of(candidate) == bucket) {
                return candidate;
            }
        }
    }
}
