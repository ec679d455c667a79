package app.reseller.sandbox.identity;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The development issuer's code flow for the web console: PKCE (S256) checked, codes and refresh
 * tokens used once, redirects only to the console, the console's origin allowed by CORS.
 */
@QuarkusTest
@TestProfile(DevOidcTest.WithAKey.class)
class DevOidcTest {

    public static class WithAKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return Map.of("sandbox.identity.private-key",
                        Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded()));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final String CONSOLE = "http://127.0.0.1:8080/console/";
    private static final String VERIFIER = "a-verifier-of-forty-three-characters-or-more-0123456789";

    private static Response approve(String user, String challenge) {
        return given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParams(Map.of("client_id", "reseller-console", "redirect_uri", CONSOLE, "state", "s1", "code_challenge", challenge,
                        "nonce", "n1", "user", user))
                .post("/_sandbox/identity/oidc/authorize");
    }

    private static String codeOf(Response redirect) {
        String location = redirect.header("Location");
        assertTrue(location.startsWith(CONSOLE) && location.contains("state=s1"), location);
        return URI.create(location).getQuery().replaceAll(".*code=([^&]+).*", "$1");
    }

    private static Response exchange(String code, String verifier) {
        return given().contentType(ContentType.URLENC).formParams(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", CONSOLE, "code_verifier", verifier, "client_id", "reseller-console")).post("/_sandbox/identity/oidc/token");
    }

    @Test
    void theConsoleSignsInWithACodeAndItsVerifierOnce() {
        given().header("Origin", "http://127.0.0.1:8080").get("/_sandbox/identity/oidc/.well-known/openid-configuration").then()
                .statusCode(200).header("Access-Control-Allow-Origin", "http://127.0.0.1:8080")
                .body("token_endpoint", endsWith("/_sandbox/identity/oidc/token")).body("code_challenge_methods_supported", is(java.util.List.of("S256")));
        String challenge = DevOidcResource.s256(VERIFIER);
        given().queryParams(Map.of("client_id", "reseller-console", "redirect_uri", CONSOLE + "#/", "response_type", "code",
                "state", "s1", "code_challenge", challenge, "code_challenge_method", "S256")).get("/_sandbox/identity/oidc/authorize")
                .then().statusCode(200).body(containsString("customer-1 (customer)")).header("Content-Security-Policy", containsString("frame-ancestors 'none'"));

        // a wrong verifier: refused, and the code is spent
        String first = codeOf(approve("admin", challenge).then().statusCode(303).extract().response());
        exchange(first, VERIFIER + "x").then().statusCode(400).body("error", is("invalid_grant"));
        exchange(first, VERIFIER).then().statusCode(400).body("error", is("invalid_grant"));

        // the right one: tokens, once
        String second = codeOf(approve("admin", challenge));
        JsonPath tokens = exchange(second, VERIFIER).then().statusCode(200).header("Cache-Control", "no-store").extract().jsonPath();
        assertEquals("Bearer", tokens.getString("token_type"));
        String claims = new String(Base64.getUrlDecoder().decode(tokens.getString("access_token").split("\\.")[1]));
        assertTrue(claims.contains("\"sub\":\"admin\"") && claims.contains("\"admin\""), claims);
        String idClaims = new String(Base64.getUrlDecoder().decode(tokens.getString("id_token").split("\\.")[1]));
        assertTrue(idClaims.contains("\"nonce\":\"n1\"") && idClaims.contains("\"aud\":\"reseller-console\""), idClaims);
        exchange(second, VERIFIER).then().statusCode(400);

        // a refresh token gives new tokens and is then spent
        String refresh = tokens.getString("refresh_token");
        String next = given().contentType(ContentType.URLENC).formParams(Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", "reseller-console")).post("/_sandbox/identity/oidc/token").then().statusCode(200).extract().path("refresh_token");
        assertNotEquals(refresh, next);
        given().contentType(ContentType.URLENC).formParams(Map.of("grant_type", "refresh_token", "refresh_token", refresh))
                .post("/_sandbox/identity/oidc/token").then().statusCode(400).body("error", is("invalid_grant"));
    }

    @Test
    void itRedirectsNowhereButTheConsole() {
        String challenge = DevOidcResource.s256(VERIFIER);
        given().queryParams(Map.of("client_id", "reseller-console", "redirect_uri", "https://evil.example/console/", "response_type", "code",
                "code_challenge", challenge, "code_challenge_method", "S256")).get("/_sandbox/identity/oidc/authorize").then().statusCode(400);
        given().queryParams(Map.of("client_id", "reseller-console", "redirect_uri", CONSOLE, "response_type", "code",
                "code_challenge", challenge, "code_challenge_method", "plain")).get("/_sandbox/identity/oidc/authorize").then().statusCode(400);
        given().queryParams(Map.of("client_id", "another-app", "redirect_uri", CONSOLE, "response_type", "code",
                "code_challenge", challenge, "code_challenge_method", "S256")).get("/_sandbox/identity/oidc/authorize").then().statusCode(400);
        given().redirects().follow(false).contentType(ContentType.URLENC).formParams(Map.of("client_id", "reseller-console",
                "redirect_uri", CONSOLE, "code_challenge", challenge, "user", "root")).post("/_sandbox/identity/oidc/authorize").then().statusCode(400);
        given().redirects().follow(false).queryParam("post_logout_redirect_uri", "https://evil.example/").get("/_sandbox/identity/oidc/logout")
                .then().statusCode(400);
        given().redirects().follow(false).queryParam("post_logout_redirect_uri", CONSOLE).get("/_sandbox/identity/oidc/logout")
                .then().statusCode(303).header("Location", CONSOLE);
    }
}
