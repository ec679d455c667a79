package app.reseller.gateway;

import app.reseller.infra.TestIdentity;
import app.reseller.infra.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's time budgets (docs/gateway.md, "Timeouts"): a route whose service only uses its
 * database gets the short one, a route whose service calls a provider the long one, and a call that
 * times out tells the caller whether it may have been applied.
 */
@GatewayTest
@TestProfile(TimeoutsTest.ShortBudgets.class)
class TimeoutsTest {

    public static class ShortBudgets extends ConfigOverrides {
        public ShortBudgets() {
            super("gateway.services.timeout", "1s", "gateway.services.provider-call-timeout", "5s",
                    // the services' provider budget the longer route waits for (the start-up check wants it not longer)
                    "platform.calls.provider-budget", "5s",
                    // the gateway's own calls end within the short budget (the start-up check wants it)
                    "gateway.services.calls.dashboard-part.timeout", "500ms", "gateway.services.calls.api-key-resolution.timeout", "500ms", "gateway.services.calls.trail-page.timeout", "500ms", "gateway.services.calls.trail-page.retries", "0",
                    "gateway.services.calls.openapi.timeout", "500ms",
                    // the failures provoked here must not open a breaker for the other cases
                    "gateway.services.failures-to-open", "1000");
        }
    }

    @Test
    void aLateReadIs504AndSaysRepeatingIsSafe() {
        long t0 = System.nanoTime();
        given().auth().oauth2(TestIdentity.customer("c1")).get("/api/v1/plans?answer-after-ms=3000")
                .then().statusCode(504).contentType("application/problem+json").header("Retry-After", "5")
                .body("type", endsWith(":gateway-timeout")).body("detail", containsString("repeating the request is safe"));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2900, "answered at the budget, not when the service answered");
    }

    @Test
    void aLatePostSaysTheOutcomeIsUnknownAndHowToFindOut() {
        int before = StubServices.ARRIVALS.size();
        given().auth().oauth2(TestIdentity.customer("c1")).contentType("application/json").body("{}")
                .post("/api/v1/subscriptions?answer-after-ms=3000")
                .then().statusCode(504).contentType("application/problem+json")
                .body("type", endsWith(":outcome-unknown"))
                .body("detail", containsString("may have been applied"))
                .body("detail", containsString("Idempotency-Key"));
        assertTrue(StubServices.ARRIVALS.size() > before, "the call did reach the service: that is why the outcome is unknown");
    }

    @Test
    void aRouteThatCallsAProviderGetsTheLongerBudget() {
        given().auth().oauth2(TestIdentity.customer("c1")).contentType("application/json").body("{}")
                .post("/api/v1/channels?answer-after-ms=2000")
                .then().statusCode(200).body("service", org.hamcrest.Matchers.equalTo("channel"));
    }

    @Test
    void aCallThatNeverLeftTheGatewaySaysNothingWasApplied() {
        // messaging is stopped in these tests: no connection, so the request was never sent
        given().auth().oauth2(TestIdentity.customer("c1")).contentType("application/json").body("{}")
                .post("/api/v1/messages/text")
                .then().statusCode(503).header("Retry-After", "10")
                .body("type", endsWith(":service-unavailable")).body("detail", containsString("nothing was applied"));
    }
}
