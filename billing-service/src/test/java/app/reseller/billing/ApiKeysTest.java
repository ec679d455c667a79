package app.reseller.billing;

import app.reseller.infra.TestIdentity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.strings;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API keys: shown once, stored as a hash, listed without the key, revoked by their owner or an
 * admin (another customer's key is a 404), and resolved only for the gateway's own signed identity.
 */
@BillingTest
class ApiKeysTest {

    @Test
    void aKeyIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        String customer = unique("keys");
        JsonPath created = asCustomer(customer).body(Map.of("name", "CRM", "scopes", List.of("channels:read", "messages:send")))
                .post("/api-keys").then().statusCode(201).extract().jsonPath();
        String key = created.getString("key");
        assertTrue(key.matches("rk_live_[A-Za-z0-9_-]{43}"), key);
        assertEquals(key.substring(0, 12), created.getString("prefix"));
        String id = created.getString("id");

        // the database holds the SHA-256 and the prefix, never the key
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(hash), strings("select encode(secret_hash, 'hex') from api_key where id = '" + id + "'"));
        assertEquals(0, number("select count(*) from api_key where row_to_json(api_key)::text like '%" + key.substring(12) + "%'"),
                "no column of the row contains the key");

        String listed = asCustomer(customer).get("/api-keys").then().statusCode(200)
                .body("[0].id", is(id)).body("[0].scopes", is(List.of("channels:read", "messages:send")))
                .body("[0].lastUsedAt", nullValue()).extract().asString();
        assertFalse(listed.contains(key.substring(12)), "a listing never shows the key again");
    }

    @Test
    void theGatewayResolvesAKeyByItsHashAndItsUseIsRecorded() {
        String customer = unique("keys");
        UUID channel = UUID.randomUUID();
        JsonPath created = asCustomer(customer).body(Map.of("name", "bot", "scopes", List.of("messages:read"), "channelIds", List.of(channel)))
                .post("/api-keys").then().statusCode(201).extract().jsonPath();
        String hash = sha256(created.getString("key"));

        gateway().body(Map.of("secretHash", hash)).post("/api-keys/resolve").then().statusCode(200)
                .body("keyId", is(created.getString("id"))).body("customerId", is(customer))
                .body("scopes", is(List.of("messages:read"))).body("channelIds", is(List.of(channel.toString())));
        asCustomer(customer).get("/api-keys").then().body("[0].lastUsedAt", org.hamcrest.Matchers.notNullValue());

        // nobody but the gateway may resolve: not a customer, not an admin, not a token of the identity
        // provider that happens to carry a "gateway" role
        asCustomer(customer).body(Map.of("secretHash", hash)).post("/api-keys/resolve").then().statusCode(403);
        asAdmin().body(Map.of("secretHash", hash)).post("/api-keys/resolve").then().statusCode(403);
        given().auth().oauth2(TestIdentity.token("gateway", "gateway")).contentType(ContentType.JSON)
                .body(Map.of("secretHash", hash)).post("/api-keys/resolve").then().statusCode(403);
        gateway().body(Map.of("secretHash", sha256("rk_live_unknown"))).post("/api-keys/resolve").then().statusCode(404);
    }

    @Test
    void aRevokedOrExpiredKeyNoLongerResolves() {
        String customer = unique("keys");
        JsonPath created = asCustomer(customer).body(Map.of("name", "old", "scopes", List.of("channels:read")))
                .post("/api-keys").then().statusCode(201).extract().jsonPath();
        String hash = sha256(created.getString("key"));
        asCustomer(customer).delete("/api-keys/" + created.getString("id")).then().statusCode(204);
        gateway().body(Map.of("secretHash", hash)).post("/api-keys/resolve").then().statusCode(404);
        asCustomer(customer).get("/api-keys").then().body("[0].revokedAt", org.hamcrest.Matchers.notNullValue());

        String soon = asCustomer(customer).body(Map.of("name", "soon", "scopes", List.of("channels:read"),
                "expiresAt", Instant.now().plusSeconds(3600).toString())).post("/api-keys").then().statusCode(201).extract().path("key");
        BillingTestSupport.execute("update api_key set created_at = now() - interval '2 hours', expires_at = now() - interval '1 second'"
                + " where prefix = '" + soon.substring(0, 12) + "'");
        gateway().body(Map.of("secretHash", sha256(soon))).post("/api-keys/resolve").then().statusCode(404);
    }

    @Test
    void anotherCustomersKeyIsA404AndAnAdminSeesAndRevokesAnyone() {
        String owner = unique("keys");
        String id = asCustomer(owner).body(Map.of("name", "mine", "scopes", List.of("channels:read")))
                .post("/api-keys").then().statusCode(201).extract().path("id");
        asCustomer(unique("other")).delete("/api-keys/" + id).then().statusCode(404).contentType("application/problem+json");
        asCustomer(unique("other")).get("/api-keys").then().statusCode(200).body("size()", is(0));

        asAdmin().get("/api-keys?customerId=" + owner).then().statusCode(200).body("[0].id", is(id)).body("[0].customerId", is(owner));
        asAdmin().delete("/api-keys/" + id).then().statusCode(204);
        asCustomer(owner).get("/api-keys").then().body("[0].revokedAt", org.hamcrest.Matchers.notNullValue());
        assertEquals(List.of("admin-1"), strings("select revoked_by from api_key where id = '" + id + "'"));
    }

    @Test
    void badRequestsAreProblemsAndNothingIsStored() {
        String customer = unique("keys");
        asCustomer(customer).body(Map.of("name", "x", "scopes", List.of("channels:everything"))).post("/api-keys").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("channels:everything"));
        asCustomer(customer).body(Map.of("name", "x", "scopes", List.of())).post("/api-keys").then().statusCode(400);
        asCustomer(customer).body(Map.of("name", "x", "scopes", List.of("channels:read"), "expiresAt", "2020-01-01T00:00:00Z"))
                .post("/api-keys").then().statusCode(400);
        asAdmin().body(Map.of("name", "x", "scopes", List.of("channels:read"))).post("/api-keys").then().statusCode(403);
        assertEquals(0, number("select count(*) from api_key where customer_id = '" + customer + "'"));
    }

    private static RequestSpecification gateway() {
        return given().header("X-Reseller-Identity", TestIdentity.gatewayItself()).contentType(ContentType.JSON);
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
