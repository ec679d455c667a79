package app.reseller.gateway;

import app.reseller.infra.TestIdentity;
import app.reseller.infra.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answers the gateway makes itself, before any service is asked, are problem+json like every
 * other: a URI or header block that is too long (the HTTP codec alone answered a bare 414 / 431), a
 * method the path does not take (405 with Allow, not 404), and a path that matches no route, which
 * also spends the address's rate limit (unknown paths could be hammered without any limit).
 */
@GatewayTest
@TestProfile(GatewayOwnAnswersTest.SmallPerIpLimit.class)
class GatewayOwnAnswersTest {

    public static class SmallPerIpLimit extends ConfigOverrides {
        public SmallPerIpLimit() {
            super("gateway.rate-limit.burst", "40", "gateway.rate-limit.per-ip-per-minute", "6");
        }
    }

    @Test
    void tooLongAUriIs414ProblemJson() {
        String token = TestIdentity.customer("long-uri");
        given().auth().oauth2(token).get("/api/v1/channels?x=" + "a".repeat(20_000)).then().statusCode(414)
                .contentType("application/problem+json").body("type", is("urn:reseller:problem:uri-too-long"));
    }

    @Test
    void tooLargeHeadersAre431ProblemJson() {
        String token = TestIdentity.customer("big-headers");
        given().auth().oauth2(token).header("X-Padding", "b".repeat(30_000)).get("/api/v1/channels").then().statusCode(431)
                .contentType("application/problem+json").body("type", is("urn:reseller:problem:headers-too-large"));
    }

    @Test
    void aMethodThePathDoesNotTakeIs405WithAllow() {
        given().auth().oauth2(TestIdentity.admin()).patch("/api/v1/plans").then().statusCode(405)
                .contentType("application/problem+json").header("Allow", is("GET, POST"))
                .body("type", is("urn:reseller:problem:method-not-allowed"));
    }

    @Test
    void unknownPathsSpendTheAddressesLimit() {
        // own bucket per test run: this class's calls above spend a few tokens of the 40 first
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            statuses.add(given().get("/api/v1/no-such-path-" + i).then().extract().statusCode());
        }
        assertTrue(statuses.stream().allMatch(s -> s == 404 || s == 429), statuses.toString());
        assertTrue(statuses.contains(429), "unknown paths are limited like any other: " + statuses);
        int firstLimited = statuses.indexOf(429);
        assertTrue(statuses.subList(firstLimited, statuses.size()).stream().allMatch(s -> s == 429), statuses.toString());
        given().get("/api/v1/no-such-path").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertEquals(429, given().get("/api/v1/plans").then().extract().statusCode(), "and the API shares that limit");
    }
}
