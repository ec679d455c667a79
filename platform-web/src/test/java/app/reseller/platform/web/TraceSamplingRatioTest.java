package app.reseller.platform.web;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static app.reseller.platform.web.TraceSamplingTest.NO_TRACE_ID;
import static app.reseller.platform.web.TraceSamplingTest.SAMPLED_PARENT;
import static app.reseller.platform.web.TraceSamplingTest.SOME_TRACE_ID;
import static app.reseller.platform.web.TraceSamplingTest.TRACE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * The share of traces an app keeps is set at run time, by QUARKUS_OTEL_TRACES_SAMPLER_ARG alone
 * (docs/observability.md). The sampler itself is fixed when the app is built; with Quarkus's default
 * one (parentbased_always_on) the ratio was ignored and every trace was still recorded and exported.
 */
@QuarkusTest
@TestProfile(TraceSamplingRatioTest.NoTraceOfItsOwn.class)
class TraceSamplingRatioTest {

    /** What an operator sets to start no recorded trace: the run-time ratio, nothing else. */
    public static class NoTraceOfItsOwn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.traces.sampler.arg", "0");
        }
    }

    @Test
    void aRequestIsNotRecordedButStillHasATraceIdForTheLogs() {
        given().get("/trace-probe").then().statusCode(200)
                .body("recording", is(false)).body("sampled", is(false)).body("valid", is(true))
                .body("traceId", matchesPattern(SOME_TRACE_ID)).body("traceId", not(is(NO_TRACE_ID)));
    }

    @Test
    void aTraceTheCallerSampledIsRecordedWhole() {
        // the first app of a trace (the gateway, or the customer's own system) decides once for all of it
        given().header("traceparent", SAMPLED_PARENT).get("/trace-probe").then().statusCode(200)
                .body("traceId", is(TRACE)).body("recording", is(true)).body("sampled", is(true));
    }
}
