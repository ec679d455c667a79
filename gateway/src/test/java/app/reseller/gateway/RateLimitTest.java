package app.reseller.gateway;

import app.reseller.infra.TestIdentity;
import app.reseller.infra.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** Per-user limits: a burst, then 429 problem+json with Retry-After; another user is not affected. */
@GatewayTest
@TestProfile(RateLimitTest.SmallLimits.class)
class RateLimitTest {

    public static class SmallLimits extends ConfigOverrides {
        public SmallLimits() {
            super("gateway.rate-limit.burst", "5", "gateway.rate-limit.per-user-per-minute", "6",
                    "gateway.rate-limit.per-ip-per-minute", "100000");
        }
    }

    @Test
    void theSixthCallInABurstIsRefusedWithRetryAfter() {
        String token = TestIdentity.customer("busy");
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).get("/api/v1/channels").then().statusCode(200);
        }
        given().auth().oauth2(token).get("/api/v1/channels").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("type", is("urn:reseller:problem:rate-limited"));
        given().auth().oauth2(TestIdentity.customer("calm")).get("/api/v1/channels").then().statusCode(200);
    }
}
