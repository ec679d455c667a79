package app.reseller.local;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * People's identity against a real Keycloak (the shared platform trusts it: issuer, JWKS,
 * audience): the customer id is the token's {@code sub}, never the username; a token the realm
 * minted for another application is refused; a rotated realm key is picked up by every app without
 * a restart; and the gateway's packaged artifact (the one the production image holds) has no token
 * endpoint.
 */
@ExtendWith(SharedPlatform.class)
@org.junit.jupiter.api.Order(3)
class KeycloakIdentityTest {

    private static final String GATEWAY = "http://127.0.0.1:8080";
    private static final String BILLING = "http://127.0.0.1:8081";
    private static KeycloakServer keycloak;

    @BeforeAll
    static void platformIsUp(LocalPlatform platform) {
        keycloak = platform.keycloak();
    }

    @Test
    void aTokenWhosePreferredUsernameDiffersFromSubActsAsSub() {
        String token = keycloak.tokenFor("customer-1");
        Map<String, Object> claims = claims(token);
        String sub = (String) claims.get("sub");
        assertEquals("customer-1", claims.get("preferred_username"));
        assertNotEquals("customer-1", sub, "the realm's user id, not its username");

        as(token).body(Map.of("phone", "081234567890")).put("/api/v1/customers/" + sub + "/contact").then().statusCode(200);
        as(token).get("/api/v1/customers/" + sub + "/contact").then().statusCode(200).body("customerId", is(sub));
        // the username names nobody: that customer's data is someone else's, so 404
        as(token).get("/api/v1/customers/customer-1/contact").then().statusCode(404);
        as(token).body(Map.of("phone", "081234567890")).put("/api/v1/customers/customer-1/contact").then().statusCode(404);
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedByTheGatewayAndByEveryService() {
        String other = keycloak.tokenFor("customer-1", KeycloakServer.OTHER_CLIENT);
        assertTrue(claims(other).get("aud") == null || !claims(other).get("aud").toString().contains("reseller-api"),
                "other-app's token does not name the platform: " + claims(other));
        as(other).get("/api/v1/subscriptions").then().statusCode(401).contentType("application/problem+json");
        for (int port : List.of(8081, 8082, 8083)) {
            given().baseUri("http://127.0.0.1:" + port).auth().oauth2(other).get(port == 8081 ? "/subscriptions" : port == 8082 ? "/channels" : "/messages")
                    .then().statusCode(401);
        }
        // the same user through the platform's own client is accepted
        as(keycloak.tokenFor("customer-1")).get("/api/v1/subscriptions").then().statusCode(200);
    }

    @Test
    void aRotatedRealmKeyIsPickedUpWithoutRestartingAndOldTokensEndAtTheirExpiry() {
        String old = keycloak.tokenFor("customer-2", KeycloakServer.SHORT_LIVED_CLIENT);
        as(old).get("/api/v1/channels").then().statusCode(200);

        keycloak.rotateSigningKey();
        String fresh = keycloak.tokenFor("customer-2");
        assertNotEquals(header(old).get("kid"), header(fresh).get("kid"), "the new token is signed with the new key");
        // every app fetches the realm's keys again when a token names a key it has not seen
        as(fresh).get("/api/v1/channels").then().statusCode(200);
        given().baseUri(BILLING).auth().oauth2(fresh).get("/subscriptions").then().statusCode(200);

        // the old key still verifies what it signed, until that token expires (5 s, 1 s of skew allowed)
        long expires = ((Number) claims(old).get("exp")).longValue();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> as(old).get("/api/v1/channels").then().extract().statusCode() == 401);
        assertTrue(System.currentTimeMillis() / 1000 >= expires, "refused only once expired");
        given().baseUri(BILLING).auth().oauth2(old).get("/subscriptions").then().statusCode(401);
        as(fresh).get("/api/v1/channels").then().statusCode(200);
    }

    @Test
    void theGatewaysPackagedArtifactHasNoTokenEndpoint() throws IOException {
        given().baseUri(GATEWAY).contentType(ContentType.JSON).body(Map.of("user", "admin")).post("/api/v1/dev/token")
                .then().statusCode(404);
        given().baseUri(GATEWAY).get("/api/v1/dev/users").then().statusCode(404);
        // the image packages this same quarkus-app folder (root pom, -Pimages): no issuer class in any of its jars
        Path app = SharedPlatform.ROOT.resolve("gateway/target/quarkus-app");
        List<String> issuers;
        try (Stream<Path> jars = Files.walk(app)) {
            issuers = jars.filter(p -> p.toString().endsWith(".jar")).flatMap(KeycloakIdentityTest::entries)
                    .filter(name -> name.contains("DevIssuer") || name.contains("/sandbox/identity/")).toList();
        }
        assertTrue(issuers.isEmpty(), "a token issuer in the gateway's artifact: " + issuers);
    }

    private static Stream<String> entries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(java.util.jar.JarEntry::getName).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification as(String token) {
        return given().baseUri(GATEWAY).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static Map<String, Object> claims(String token) {
        return part(token, 1);
    }

    private static Map<String, Object> header(String token) {
        return part(token, 0);
    }

    private static Map<String, Object> part(String token, int index) {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(json).getMap("$");
    }
}
