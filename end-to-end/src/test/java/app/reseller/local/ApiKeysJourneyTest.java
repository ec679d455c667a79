package app.reseller.local;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A customer's own systems on the real platform: a person (Keycloak token) creates API keys, a key
 * limited to one channel sees only that channel, a read-only key cannot send, and a revoked key is
 * refused within a second by every gateway replica (a second gateway runs beside the first).
 */
@ExtendWith(SharedPlatform.class)
@org.junit.jupiter.api.Order(4)
class ApiKeysJourneyTest {

    private static final String GATEWAY = "http://127.0.0.1:8080";
    private static final String REPLICA = "http://127.0.0.1:8084";
    private static LocalPlatform platform;
    private static OtlpCollector traces;

    @BeforeAll
    static void platformIsUp(LocalPlatform shared, OtlpCollector collector) throws Exception {
        platform = shared;
        traces = collector;
        platform.startReplica("gateway", 8084);
    }

    @Test
    void keysActAsTheirCustomerWithinTheirScopesAndChannelsAndRevocationReachesEveryReplica() {
        String admin = platform.keycloak().tokenFor("admin");
        String person = platform.keycloak().tokenFor("customer-4");

        // the customer has two channels
        String plan = as(admin, GATEWAY).body(Map.of("name", "Keys", "maxChannels", 2, "periodDays", 30, "extensionDays", 30,
                "price", 100000, "currency", "IDR")).post("/api/v1/plans").then().statusCode(201).extract().path("id");
        String subscription = as(person, GATEWAY).body(Map.of("planId", plan)).post("/api/v1/subscriptions").then().statusCode(201)
                .extract().path("id");
        as(admin, GATEWAY).post("/api/v1/subscriptions/" + subscription + "/confirm-payment").then().statusCode(200);
        List<String> channels = new ArrayList<>();
        for (String name : List.of("Shop A", "Shop B")) {
            channels.add(await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var answer = as(person, GATEWAY).body(Map.of("name", name)).post("/api/v1/channels").then().extract();
                return answer.statusCode() == 201 ? answer.<String>path("id") : null; // 409 until the plan reached channel-service
            }, id -> id != null));
        }

        // a key for one channel and reading only; a key for every channel
        var limited = as(person, GATEWAY).body(Map.of("name", "support bot", "scopes", List.of("channels:read", "messages:read"),
                "channelIds", List.of(channels.get(0)))).post("/api/v1/api-keys").then().statusCode(201).extract().jsonPath();
        String limitedKey = limited.getString("key");
        String everyChannel = as(person, GATEWAY).body(Map.of("name", "crm", "scopes", List.of("channels:read")))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("key");

        // the limited key sees its channel only: the other one is a 404, as another customer's would be
        key(limitedKey, GATEWAY).get("/api/v1/channels").then().statusCode(200).body("id", is(List.of(channels.get(0))));
        key(limitedKey, GATEWAY).get("/api/v1/channels/" + channels.get(0)).then().statusCode(200);
        key(limitedKey, GATEWAY).get("/api/v1/channels/" + channels.get(1)).then().statusCode(404).contentType("application/problem+json");
        // messages:read does not send
        key(limitedKey, GATEWAY).body(Map.of("recipient", "081234567890", "text", "hi")).post("/api/v1/messages/text").then()
                .statusCode(403).contentType("application/problem+json");
        // a person's route: no key manages keys
        key(limitedKey, GATEWAY).get("/api/v1/api-keys").then().statusCode(403);

        // the key's use is on the trace (audit) and on the key (lastUsedAt)
        String traceId = UUID.randomUUID().toString().replace("-", "");
        key(limitedKey, GATEWAY).header("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01")
                .get("/api/v1/channels/" + channels.get(0)).then().statusCode(200);
        String keyId = limited.getString("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> traces.spansOf(traceId).stream()
                .anyMatch(s -> s.service().equals("gateway") && keyId.equals(s.attributes().get("reseller.api_key.id"))));
        as(person, GATEWAY).get("/api/v1/api-keys").then().statusCode(200)
                .body("find { it.id == '" + keyId + "' }.lastUsedAt", org.hamcrest.Matchers.notNullValue());

        // both replicas accept the unlimited key (each has it cached now), then it is revoked
        key(everyChannel, GATEWAY).get("/api/v1/channels").then().statusCode(200).body("size()", is(2));
        key(everyChannel, REPLICA).get("/api/v1/channels").then().statusCode(200).body("size()", is(2));
        String everyChannelId = as(person, GATEWAY).get("/api/v1/api-keys").then().extract()
                .path("find { it.name == 'crm' }.id");
        as(person, GATEWAY).delete("/api/v1/api-keys/" + everyChannelId).then().statusCode(204);
        long revoked = System.nanoTime();
        for (String gateway : List.of(GATEWAY, REPLICA)) {
            await().atMost(Duration.ofSeconds(1).minusNanos(System.nanoTime() - revoked)).pollInterval(Duration.ofMillis(50))
                    .until(() -> key(everyChannel, gateway).get("/api/v1/channels").then().extract().statusCode() == 401);
        }
        long took = (System.nanoTime() - revoked) / 1_000_000;
        System.out.printf("[api keys] revoked key refused by both gateway replicas %d ms after the revocation%n", took);
        assertTrue(took < 1000, "within a second: " + took + " ms");
        // the admin sees it among the customer's keys, revoked
        assertEquals(2, as(admin, GATEWAY).get("/api/v1/api-keys?customerId=" + platform.keycloak().subjectOf("customer-4"))
                .then().statusCode(200).extract().jsonPath().getList("$").size());
    }

    private static RequestSpecification as(String token, String gateway) {
        return given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static RequestSpecification key(String key, String gateway) {
        return given().baseUri(gateway).header("X-Api-Key", key).contentType(ContentType.JSON);
    }
}
