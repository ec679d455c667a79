package app.reseller.gateway;

import app.reseller.infra.TestIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forwarding, the token passed on, one correlation id end to end, a stopped service, the dashboard, headers, OpenAPI. */
@GatewayTest
class GatewayForwardingTest {

    @Test
    void aCallIsForwardedWithItsTokenQueryAndCorrelationId() {
        String token = TestIdentity.customer("c1");
        String correlationId = given().auth().oauth2(token).header("X-Correlation-Id", "journey-0001")
                .queryParam("page", 2).get("/api/v1/channels").then().statusCode(200)
                .body("service", is("channel")).body("path", is("/channels"))
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .extract().header("X-Correlation-Id");
        assertEquals("journey-0001", correlationId);
        StubServices.Arrival arrival = StubServices.ARRIVALS.get(StubServices.ARRIVALS.size() - 1);
        assertEquals("/channels?page=2", arrival.uri());
        assertEquals("Bearer " + token, arrival.header("Authorization"), "the service checks the same token again");
        assertEquals("journey-0001", arrival.header("X-Correlation-Id"), "the service logs the same correlation id");
        assertEquals(null, arrival.header("X-Gateway-Target-Uri"));
    }

    @Test
    void aBodyIsForwardedWholeWithoutTheHopByHopHeadersAndUnderTheGatewaysSpan() {
        byte[] body = new byte[300 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().auth().oauth2(TestIdentity.customer("c1")).contentType("application/octet-stream").body(body)
                .header("Proxy-Authorization", "Basic c2VjcmV0").header("TE", "trailers")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .post("/api/v1/channels").then().statusCode(200).body("service", is("channel"));
        StubServices.Arrival arrival = StubServices.ARRIVALS.get(StubServices.ARRIVALS.size() - 1);
        assertEquals(body.length, arrival.bodyLength(), "the whole body");
        assertEquals(String.valueOf(body.length), arrival.header("Content-Length"), "with its length");
        assertEquals(null, arrival.header("Proxy-Authorization"), "a hop-by-hop header stays with the hop");
        assertEquals(null, arrival.header("TE"));
        String forwarded = arrival.header("traceparent");
        assertTrue(forwarded != null && forwarded.startsWith("00-" + traceId + "-") && !forwarded.contains("00f067aa0ba902b7"),
                "the same trace, under the gateway's span rather than the caller's: " + forwarded);
    }

    @Test
    void smallAnswersAndLargeOnesComeBackWholeWithTheirLength() {
        String token = TestIdentity.customer("c1");
        var small = given().auth().oauth2(token).get("/api/v1/channels/small").then().statusCode(200).extract();
        assertEquals("{\"service\":\"channel\",\"path\":\"/channels/small\"}", small.asString());
        assertEquals(String.valueOf(small.asByteArray().length), small.header("Content-Length"));
        var large = given().auth().oauth2(token).get("/api/v1/channels/large").then().statusCode(200).extract();
        assertEquals(300 * 1024 + 2, large.asByteArray().length, "streamed to its end");
        assertEquals(String.valueOf(300 * 1024 + 2), large.header("Content-Length"));
    }

    @Test
    void aServiceThatDropsTheCallHalfwayThroughItsAnswerIsA502Problem() {
        given().auth().oauth2(TestIdentity.customer("c1")).get("/api/v1/channels/drops-halfway").then().statusCode(502)
                .contentType("application/problem+json").body("type", is("urn:reseller:problem:bad-gateway"))
                .body("correlationId", notNullValue());
    }

    @Test
    void aStoppedServiceAnswers503WithRetryAfterAtOnce() {
        long t0 = System.nanoTime();
        given().auth().oauth2(TestIdentity.customer("c1")).get("/api/v1/messages").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("type", is("urn:reseller:problem:service-unavailable")).body("correlationId", notNullValue());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "no hang");
        // failed calls in a row open the service's breaker: then calls are refused without trying to connect
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(TestIdentity.customer("c1")).get("/api/v1/messages").then().statusCode(503);
        }
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("gateway_breaker_state{service=\"messaging\"} 2.0"), "open");
        assertTrue(metrics.contains("gateway_breaker_state{service=\"billing\"} 0.0"), "the others stay closed");
        assertTrue(!metrics.contains("gateway_breaker_refused_total{service=\"messaging\"} 0.0"), "refusals are counted");
    }

    @Test
    void theDashboardShowsThePartsThatAnsweredAndNamesTheMissingOne() {
        long t0 = System.nanoTime();
        given().auth().oauth2(TestIdentity.customer("c7")).get("/api/v1/dashboard").then().statusCode(200)
                .body("customerId", is("c7"))
                .body("parts.balance.service", is("billing"))
                .body("parts.channels.service", is("channel"))
                .body("missing", is(List.of("recentMessages")));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[gateway] dashboard with messaging stopped answered in %d ms%n", millis);
        given().get("/api/v1/dashboard").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void theOperatorsOverviewJoinsTheDaysAndTheFleetForAdminsOnly() {
        given().auth().oauth2(TestIdentity.admin()).get("/api/v1/admin/overview").then().statusCode(200)
                .body("days.service", is("billing")).body("days.path", is("/ledger/overview"))
                .body("channels.service", is("channel")).body("channels.path", is("/admin/channels/overview"))
                .body("missing", is(List.of()));
        given().auth().oauth2(TestIdentity.customer("c7")).get("/api/v1/admin/overview").then().statusCode(403)
                .contentType("application/problem+json");
        given().get("/api/v1/admin/overview").then().statusCode(401);
    }

    /**
     * The activity trail merges the three services' trails: with messaging stopped it is refused as
     * incomplete (never shown with a hole); one service's trail alone still reads. The caller's token
     * and the filters reach the service; a customer's own entries whatever customerId it names.
     */
    @Test
    void theActivityTrailIsWholeOrRefused() {
        given().auth().oauth2(TestIdentity.admin()).get("/api/v1/activity").then().statusCode(503)
                .contentType("application/problem+json").body("type", endsWith(":trail-incomplete"))
                .body("services", is(List.of("messaging"))).header("Retry-After", "5");
        StubServices.ARRIVALS.clear();
        String token = TestIdentity.customer("c7");
        given().auth().oauth2(token).queryParam("service", "billing").queryParam("customerId", "someone-else")
                .queryParam("action", "allocateDays").queryParam("limit", 20).get("/api/v1/activity").then().statusCode(200)
                .body("items", is(List.of())).body("nextCursor", nullValue());
        StubServices.Arrival arrival = StubServices.ARRIVALS.stream().filter(a -> a.uri().startsWith("/activity")).findFirst().orElseThrow();
        assertEquals("billing", arrival.service());
        assertEquals("Bearer " + token, arrival.header("Authorization"));
        assertTrue(arrival.uri().contains("customerId=c7") && arrival.uri().contains("action=allocateDays")
                && arrival.uri().contains("limit=20") && !arrival.uri().contains("beforeId"), arrival.uri());
        assertEquals(1, StubServices.ARRIVALS.stream().filter(a -> a.uri().startsWith("/activity")).count(), "only billing was asked");
        given().auth().oauth2(token).queryParam("service", "billing").get("/api/v1/activity/export.csv").then().statusCode(200)
                .contentType("text/csv").body(is("service,id,at,actor,api_key_id,customer_id,action,target,reason,before,after,correlation_id\r\n"));
        given().auth().oauth2(token).queryParam("service", "ledger").get("/api/v1/activity").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token).queryParam("cursor", "forged").get("/api/v1/activity").then().statusCode(400)
                .body("type", endsWith(":invalid-cursor"));
        given().get("/api/v1/activity").then().statusCode(401);
    }

    @Test
    void corsAllowsOnlyTheConfiguredOrigin() {
        given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .options("/api/v1/plans").then().header("Access-Control-Allow-Origin", "http://localhost:3000");
        String other = given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options("/api/v1/plans").then().extract().header("Access-Control-Allow-Origin");
        assertTrue(other == null || !other.contains("evil"), "another origin is not allowed: " + other);
    }

    @Test
    void theOneOpenApiIsBuiltFromTheServicesDescriptions() {
        given().get("/api/v1/openapi.json").then().statusCode(200)
                .body("paths.'/api/v1/plans'.get.summary", is("billing stub"))
                .body("paths.'/api/v1/channels/{id}'.get.summary", is("channel stub"))
                .body("x-missing-services", hasItem("messaging"))
                .body("components.securitySchemes.bearer.scheme", is("bearer"));
    }

    @Test
    void theGatewayHasNoTokenEndpoint() {
        // the development issuer lives in the provider sandbox, which never ships (docs/identity.md)
        given().contentType("application/json").body("{\"user\":\"admin\"}").post("/api/v1/dev/token").then().statusCode(404);
        given().get("/api/v1/dev/users").then().statusCode(404);
    }

    @Test
    void anOversizedBodyIsRefused() {
        byte[] big = new byte[7 * 1024 * 1024];
        int status = given().auth().oauth2(TestIdentity.customer("c1")).contentType("application/octet-stream").body(big)
                .post("/api/v1/messages/media").then().extract().statusCode();
        assertEquals(413, status);
    }

    @Test
    void requestMetricsAreTaggedByRouteTemplateNotByConcretePath() {
        String token = TestIdentity.customer("c1");
        for (String id : List.of("11111111-aaaa-4aaa-8aaa-000000000001", "11111111-aaaa-4aaa-8aaa-000000000002")) {
            given().auth().oauth2(token).get("/api/v1/channels/" + id).then().statusCode(200);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("uri=\"/api/v1/channels/{id}\""), "one series for the route");
        assertTrue(!metrics.contains("11111111-aaaa"), "no series per channel id: that would grow without bound");
    }
}
