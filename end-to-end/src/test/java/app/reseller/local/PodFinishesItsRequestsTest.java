package app.reseller.local;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod stopped as Kubernetes stops one in a rollout (SIGTERM) answers the request it is serving before it goes on
 * stopping (quarkus.shutdown.timeout in platform-web's defaults). Before, the request was cut: the caller got a
 * closed connection, and through the gateway a 502 "outcome unknown" (seen by hand on the local run, a settings test
 * held 4 s at WHAPI and channel-service stopped 1 s into it).
 */
@ExtendWith(SharedPlatform.class)
class PodFinishesItsRequestsTest {

    private static final String SANDBOX = "http://127.0.0.1:8090";
    private static final int HELD_CALLS = 20;

    @Test
    void aRequestInFlightWhenThePodStopsIsAnswered(LocalPlatform platform) throws Exception {
        String admin = platform.keycloak().tokenFor("admin");
        as(admin, "http://127.0.0.1:8080").body(Map.of("partnerToken", "Bearer sandbox-partner-token"))
                .put("/api/v1/admin/whapi/settings").then().statusCode(200);
        platform.startReplica("channel-service", 8092);
        // WHAPI takes 4 s to list channels: the settings test the replica serves is held there
        int fault = given().baseUri(SANDBOX).contentType(ContentType.JSON).body(Map.of("kind", "LATENCY", "method", "GET",
                        "pathPattern", ".*/channels/list.*", "delayMs", 4_000, "times", HELD_CALLS))
                .post("/_sandbox/faults").then().statusCode(201).extract().path("id");
        try {
            CompletableFuture<Response> call = CompletableFuture.supplyAsync(() ->
                    as(admin, "http://127.0.0.1:8092").post("/admin/whapi/settings/test"));
            await().atMost(Duration.ofSeconds(20)).until(() -> remainingUses(fault) < HELD_CALLS); // a list call is held now
            platform.stopReplica("channel-service", 8092);

            Response answer = call.get(30, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), "the request in flight was answered: " + answer.asString());
            assertTrue(answer.jsonPath().getBoolean("ok"), answer.asString());
        } finally {
            given().baseUri(SANDBOX).delete("/_sandbox/faults").then().statusCode(204);
        }
        String log = Files.readString(SharedPlatform.STATE.resolve("logs").resolve("channel-service-8092.log"));
        assertTrue(log.contains("channel-service stopped in"), "the pod stopped by itself, not killed");
    }

    private static int remainingUses(int fault) {
        return given().baseUri(SANDBOX).get("/_sandbox/faults").then().statusCode(200).extract().jsonPath()
                .getInt("find { it.id == " + fault + " }.remainingUses");
    }

    private static RequestSpecification as(String token, String base) {
        return given().baseUri(base).header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
