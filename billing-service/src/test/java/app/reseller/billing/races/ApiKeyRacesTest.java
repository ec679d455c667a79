package app.reseller.billing.races;

import app.reseller.billing.BillingTest;
import app.reseller.infra.Race;
import app.reseller.infra.TestIdentity;
import app.reseller.infra.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.strings;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writers of an api_key row racing on the real database, several rounds: creations at the
 * customer's limit (counted under a lock: exactly the limit passes), and a revocation racing the
 * gateway's resolutions (which touch last_used_at) and a second revocation (the first one's time
 * and author stay; once it committed, nothing resolves).
 */
@BillingTest
@TestProfile(ApiKeyRacesTest.SmallLimit.class)
class ApiKeyRacesTest {

    public static class SmallLimit extends ConfigOverrides {
        public SmallLimit() {
            super("billing.api-keys.max-per-customer", "3", "billing.api-keys.touch-every", "0s");
        }
    }

    private static final int ROUNDS = 5;

    @Test
    void creationsRacingAtTheLimitPassExactlyTheLimit() {
        for (int round = 0; round < ROUNDS; round++) {
            String customer = unique("keys-race");
            List<Integer> statuses = Race.run(Race.copies(8, () -> asCustomer(customer)
                            .body(Map.of("name", "k", "scopes", List.of("channels:read"))).post("/api-keys").then().extract().statusCode()))
                    .stream().map(Race.Outcome::value).sorted().toList();
            assertEquals(3, statuses.stream().filter(s -> s == 201).count(), "round " + round + ": " + statuses);
            assertEquals(5, statuses.stream().filter(s -> s == 409).count(), "round " + round + ": " + statuses);
            assertEquals(3L, number("select count(*) from api_key where customer_id = '" + customer + "'"));
        }
    }

    @Test
    void aRevocationRacingResolutionsAndAnotherRevocationWinsOnceAndForAll() {
        for (int round = 0; round < ROUNDS; round++) {
            String customer = unique("keys-race");
            var created = asCustomer(customer).body(Map.of("name", "k", "scopes", List.of("channels:read")))
                    .post("/api-keys").then().statusCode(201).extract().jsonPath();
            String id = created.getString("id");
            String hash = sha256(created.getString("key"));
            List<java.util.concurrent.Callable<Integer>> writers = new java.util.ArrayList<>(Race.copies(6, () -> given()
                    .header("X-Reseller-Identity", TestIdentity.gatewayItself()).contentType(ContentType.JSON)
                    .body(Map.of("secretHash", hash)).post("/api-keys/resolve").then().extract().statusCode()));
            writers.add(() -> asCustomer(customer).delete("/api-keys/" + id).then().extract().statusCode());
            writers.add(() -> asAdmin().delete("/api-keys/" + id).then().extract().statusCode());
            List<Integer> statuses = Race.run(writers).stream().map(Race.Outcome::value).toList();
            assertTrue(statuses.subList(0, 6).stream().allMatch(s -> s == 200 || s == 404), "resolutions: " + statuses);
            assertEquals(List.of(204, 204), statuses.subList(6, 8), "both revocations succeed: " + statuses);
            List<String> by = strings("select revoked_by from api_key where id = '" + id + "'");
            assertTrue(by.equals(List.of(customer)) || by.equals(List.of("admin-1")), "one revoker is kept: " + by);
            assertEquals(404, given().header("X-Reseller-Identity", TestIdentity.gatewayItself()).contentType(ContentType.JSON)
                    .body(Map.of("secretHash", hash)).post("/api-keys/resolve").then().extract().statusCode(), "revoked for good");
        }
    }

    private static String sha256(String key) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
