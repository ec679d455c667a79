package app.reseller.gateway;

import app.reseller.infra.TestIdentity;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API keys at the gateway: resolved by their hash (the stub billing-service answers), checked
 * against the route's scope, and forwarded as the gateway's own signed identity: the key itself
 * never reaches a service. A revoked key is refused within a second.
 */
@GatewayTest
class ApiKeyTest {

    @Test
    void aKeyWithTheRoutesScopeIsForwardedAsTheGatewaysIdentityNeverAsTheKey() {
        String key = register("cust-k1", List.of("channels:read", "messages:read"), null);

        for (var request : List.of(given().auth().oauth2(key), given().header("X-Api-Key", key))) {
            request.get("/api/v1/channels").then().statusCode(200).body("service", is("channel"));
            StubServices.Arrival arrival = last();
            assertNull(arrival.header("Authorization"), "the key never reaches a service");
            assertNull(arrival.header("X-Api-Key"));
            JsonPath identity = claims(arrival.header("X-Reseller-Identity"));
            assertEquals("cust-k1", identity.getString("sub"));
            assertEquals("urn:reseller:gateway", identity.getString("iss"));
            assertEquals(List.of("customer"), identity.getList("realm_access.roles"));
            assertEquals(List.of("channels:read", "messages:read"), identity.getList("reseller_scopes").stream().sorted().toList());
            assertTrue(identity.getString("reseller_key").startsWith("key-"), identity.prettify());
        }
    }

    @Test
    void aMessagesReadKeyGets403OnASendAndNothingArrives() {
        String key = register("cust-k2", List.of("messages:read"), null);
        int before = StubServices.ARRIVALS.size();
        given().auth().oauth2(key).contentType("application/json").body("{}").post("/api/v1/messages/text").then()
                .statusCode(403).contentType("application/problem+json").body("detail", containsString("messages:send"));
        // key management is for people: no key creates or lists keys, whatever its scopes
        String all = register("cust-k2", List.of("billing:read", "billing:write", "channels:read", "channels:write",
                "messages:read", "messages:send", "webhooks:manage"), null);
        given().auth().oauth2(all).get("/api/v1/api-keys").then().statusCode(403).body("detail", containsString("people"));
        given().auth().oauth2(all).get("/api/v1/ledger/pool").then().statusCode(403);
        assertEquals(before, StubServices.ARRIVALS.size(), "a refused call never reaches a service");
    }

    @Test
    void anUnknownKeyIs401AndABillingServiceThatCannotAnswerIs503() {
        given().auth().oauth2("rk_live_" + UUID.randomUUID()).get("/api/v1/channels").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("API key"));
        String failing = "rk_live_failing-" + UUID.randomUUID();
        StubServices.API_KEYS.put(sha256(failing), "500");
        given().header("X-Api-Key", failing).get("/api/v1/channels").then().statusCode(503).contentType("application/problem+json");
    }

    @Test
    void aRevokedKeyIsRefusedWithinASecond() {
        String key = register("cust-k3", List.of("channels:read"), null);
        given().auth().oauth2(key).get("/api/v1/channels").then().statusCode(200);
        given().auth().oauth2(key).get("/api/v1/channels").then().statusCode(200); // believed from the cache now
        StubServices.API_KEYS.remove(sha256(key)); // billing-service revoked it
        long revoked = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().auth().oauth2(key).get("/api/v1/channels").then().extract().statusCode() == 401);
        assertTrue(System.nanoTime() - revoked < Duration.ofSeconds(1).toNanos());
    }

    @Test
    void anIdentityHeaderFromOutsideIsNeverPassedOn() {
        String forged = TestIdentity.apiKeyIdentity("victim", "key-forged", List.of("channels:write"), null);
        given().auth().oauth2(TestIdentity.customer("mallory")).header("X-Reseller-Identity", forged).get("/api/v1/channels")
                .then().statusCode(200);
        assertNull(last().header("X-Reseller-Identity"), "only the gateway vouches for a caller");
        given().header("X-Reseller-Identity", forged).get("/api/v1/channels").then().statusCode(401);
    }

    /** Registers a key with the stub billing-service; returns the key. */
    static String register(String customerId, List<String> scopes, List<String> channels) {
        String key = "rk_live_" + UUID.randomUUID().toString().replace("-", "");
        String keyId = "key-" + UUID.randomUUID();
        StubServices.API_KEYS.put(sha256(key), "{\"keyId\":\"" + keyId + "\",\"customerId\":\"" + customerId + "\",\"scopes\":["
                + String.join(",", scopes.stream().map(s -> "\"" + s + "\"").toList()) + "],\"channelIds\":"
                + (channels == null ? "null" : "[" + String.join(",", channels.stream().map(c -> "\"" + c + "\"").toList()) + "]")
                + ",\"expiresAt\":null}");
        return key;
    }

    static String sha256(String key) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StubServices.Arrival last() {
        return StubServices.ARRIVALS.get(StubServices.ARRIVALS.size() - 1);
    }

    private static JsonPath claims(String jwt) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
