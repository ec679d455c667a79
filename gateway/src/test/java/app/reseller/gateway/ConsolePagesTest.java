package app.reseller.gateway;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway serves the console's bundle (the console module's jar) at /console/, under a
 * Content-Security-Policy that allows no inline script and no framing; the page's script is a file
 * of the bundle, served under the same policy.
 */
@GatewayTest
class ConsolePagesTest {

    @Test
    void theConsoleIsServedUnderAStrictPolicy() {
        ExtractableResponse<Response> page = given().redirects().follow(false).get("/console/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Frame-Options", "DENY").extract();
        String html = page.asString();
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), "no inline script: " + html);
        assertFalse(page.header("Content-Security-Policy").contains("unsafe-inline"), page.header("Content-Security-Policy"));
        Matcher script = Pattern.compile("src=\"(/console/assets/[^\"]+\\.js)\"").matcher(html);
        assertTrue(script.find(), "the page loads its script from the bundle: " + html);
        given().get(script.group(1)).then().statusCode(200).contentType(containsString("javascript"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        given().redirects().follow(false).get("/console").then().statusCode(308).header("Location", "/console/");
        given().get("/console/no-such-file.js").then().statusCode(404);
        // where to sign in: not configured here (the local run names its issuer)
        given().get("/console/config.json").then().statusCode(200).contentType(containsString("application/json"))
                .body("clientId", org.hamcrest.Matchers.is("reseller-console")).body("oidcAuthority", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void thePolicyLetsThePageCallOnlyTheGatewayAndItsOpenIdProvider() {
        String policy = app.reseller.gateway.routing.ConsolePagesPolicy.of("http://127.0.0.1:8090/_sandbox/identity/oidc");
        assertTrue(policy.contains("connect-src 'self' http://127.0.0.1:8090;"), policy);
        assertTrue(policy.contains("form-action 'self' http://127.0.0.1:8090;"), policy);
        assertTrue(app.reseller.gateway.routing.ConsolePagesPolicy.of(null).contains("connect-src 'self';"));
    }
}
