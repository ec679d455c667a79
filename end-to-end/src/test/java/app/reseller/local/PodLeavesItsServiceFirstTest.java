package app.reseller.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod given a pre-shutdown phase (QUARKUS_SHUTDOWN_DELAY, as the deployments in deploy/ give it) reports not ready
 * the moment it gets SIGTERM and goes on serving until the phase ends, so the Service takes it out of its endpoints
 * while it still answers. Without the phase, a pod stopped in a rollout went on receiving new requests from the
 * Service (its endpoints lag behind SIGTERM by the kubelet's and the endpoint controller's round) after it had
 * begun to stop, and those reached a pod on its way out.
 */
@ExtendWith(SharedPlatform.class)
class PodLeavesItsServiceFirstTest {

    private static final String POD = "http://127.0.0.1:8092";

    @Test
    void aStoppingPodReportsNotReadyWhileItStillServes(LocalPlatform platform) throws Exception {
        String admin = platform.keycloak().tokenFor("admin");
        platform.startReplica("channel-service", 8092, Map.of("QUARKUS_SHUTDOWN_DELAY", "5s"));
        assertEquals(200, status("/q/health/ready"), "the pod is ready before it is stopped");

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> platform.stopReplica("channel-service", 8092));
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> status("/q/health/ready") == 503);

        // not ready, and still serving a request of its own, on a new connection
        given().baseUri(POD).header("Authorization", "Bearer " + admin).header("Connection", "close")
                .get("/admin/whapi/settings").then().statusCode(200);
        assertFalse(stopping.isDone(), "the pod was still in its pre-shutdown phase");

        stopping.get(60, TimeUnit.SECONDS);
        String log = Files.readString(SharedPlatform.STATE.resolve("logs").resolve("channel-service-8092.log"));
        assertTrue(log.contains("channel-service stopped in"), "the pod stopped by itself, not killed");
    }

    private static int status(String path) {
        return given().baseUri(POD).header("Connection", "close").get(path).statusCode();
    }
}
