package app.reseller.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The apps as shipped run one outbox relay per database: a second pod of a service stands by while the
 * first one's relay publishes (docs/foundation.md, "One relay per database publishes"). Read from each
 * pod's own metrics, as an operator would.
 */
@ExtendWith(SharedPlatform.class)
class OneRelayPerDatabaseAcrossPodsTest {

    private static final Pattern PUBLISHING = Pattern.compile("(?m)^outbox_relay_publishing(?:\\{[^}]*})? ([0-9.E]+)");

    @Test
    void aSecondPodsRelayStandsByWhileTheFirstPublishes(LocalPlatform platform) throws Exception {
        platform.startReplica("channel-service", 8092, Map.of());
        try {
            // the standby looks at the lease once a poll interval: both pods have answered within a few
            await().atMost(Duration.ofSeconds(10)).until(() -> publishing(8092) == 0.0 && publishing(8082) == 1.0);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> publishing(8092) == 0.0 && publishing(8082) == 1.0);
        } finally {
            platform.stopReplica("channel-service", 8092);
        }
    }

    private static double publishing(int port) {
        String metrics = given().baseUri("http://127.0.0.1:" + port).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher gauge = PUBLISHING.matcher(metrics);
        assertEquals(true, gauge.find(), "outbox_relay_publishing on :" + port);
        return Double.parseDouble(gauge.group(1));
    }
}
