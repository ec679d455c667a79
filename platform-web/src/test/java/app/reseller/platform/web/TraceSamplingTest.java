package app.reseller.platform.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * Which requests are traced, as shipped: every trace an app starts is recorded, and a caller's decision
 * (its traceparent's sampled flag) is followed. With a ratio set at run time: {@link TraceSamplingRatioTest}.
 */
@QuarkusTest
class TraceSamplingTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SAMPLED_PARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";
    static final String UNSAMPLED_PARENT = "00-" + TRACE + "-00f067aa0ba902b7-00";
    static final String SOME_TRACE_ID = "[0-9a-f]{32}";
    static final String NO_TRACE_ID = "0".repeat(32);

    @Test
    void everyRequestIsRecorded() {
        given().get("/trace-probe").then().statusCode(200)
                .body("recording", is(true)).body("sampled", is(true))
                .body("traceId", matchesPattern(SOME_TRACE_ID)).body("traceId", not(is(NO_TRACE_ID)));
    }

    @Test
    void aCallerWhoDidNotSampleTheTraceIsFollowed() {
        given().header("traceparent", UNSAMPLED_PARENT).get("/trace-probe").then().statusCode(200)
                .body("traceId", is(TRACE)).body("valid", is(true)).body("recording", is(false));
    }

    @Test
    void aCallerWhoSampledTheTraceIsFollowed() {
        given().header("traceparent", SAMPLED_PARENT).get("/trace-probe").then().statusCode(200)
                .body("traceId", is(TRACE)).body("recording", is(true));
    }
}
