package app.reseller.gateway;

import app.reseller.gateway.routing.Route;
import app.reseller.gateway.routing.Routes;
import app.reseller.infra.TestIdentity;
import app.reseller.platform.web.ApiKeyScope;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks the whole route table: every route answers 401 without a token, 403 with a wrong role and
 * 403 with an API key lacking its scope, as problem+json, before anything reaches a service. A route added to the table is checked too.
 */
@GatewayTest
class RouteTableTest {

    @Test
    void everyRouteAnswers401WithoutATokenAnd403WithTheWrongRoleOrScope() {
        List<String> failures = new ArrayList<>();
        List<String> everyScope = java.util.Arrays.stream(ApiKeyScope.values()).map(ApiKeyScope::value).toList();
        String allScopes = ApiKeyTest.register("c1", everyScope, null);
        int arrivalsBefore = StubServices.ARRIVALS.size();
        int checked = 0;
        for (Route route : Routes.TABLE) {
            if (route.isWebhook()) {
                continue;
            }
            checked++;
            expect(failures, route, given(), 401, "no token");
            expect(failures, route, given().auth().oauth2("not-a-jwt"), 401, "a malformed token");
            expect(failures, route, given().auth().oauth2(TestIdentity.token("someone", "ops")), 403, "an unknown role");
            if (!route.roles().contains("customer")) {
                expect(failures, route, given().auth().oauth2(TestIdentity.customer("c1")), 403, "a customer token");
            }
            if (!route.roles().contains("admin")) {
                expect(failures, route, given().auth().oauth2(TestIdentity.admin()), 403, "an admin token");
            }
            // API keys: a route for people refuses even a key with every scope; any other refuses a key
            // that has every scope but its own
            if (route.scope() == null) {
                expect(failures, route, given().auth().oauth2(allScopes), 403, "an API key (a route for people)");
            } else {
                String lacking = ApiKeyTest.register("c1", everyScope.stream().filter(s -> !s.equals(route.scope().value())).toList(), null);
                expect(failures, route, given().header("X-Api-Key", lacking), 403, "an API key without " + route.scope());
            }
        }
        assertTrue(checked >= 50, "the table has every public route (" + checked + ")");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(arrivalsBefore, StubServices.ARRIVALS.size(), "a refused call must never reach a service");
    }

    @Test
    void webhooksAreForwardedUnchangedWithoutAToken() {
        given().contentType("application/json").body("{\"event\":{\"type\":\"channel\"}}").header("X-Reseller-Webhook-Secret", "s")
                .post("/webhooks/whapi/00000000-0000-0000-0000-000000000009").then().statusCode(200);
        StubServices.Arrival arrival = StubServices.ARRIVALS.get(StubServices.ARRIVALS.size() - 1);
        assertEquals("channel", arrival.service());
        assertEquals("/webhooks/whapi/00000000-0000-0000-0000-000000000009", arrival.uri());
        assertEquals("s", arrival.header("X-Reseller-Webhook-Secret"), "the webhook's own secret travels on");
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        given().auth().oauth2(TestIdentity.admin()).get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json");
        // a path the table has, with a method it does not take: 405 with Allow (404 before the newcomer-path issue)
        given().auth().oauth2(TestIdentity.admin()).delete("/api/v1/plans").then().statusCode(405)
                .contentType("application/problem+json").header("Allow", org.hamcrest.Matchers.is("GET, POST"));
    }

    private static void expect(List<String> failures, Route route, io.restassured.specification.RequestSpecification request,
                               int status, String with) {
        Response answer = request.contentType("application/json").body("{}").request(route.method(), route.example());
        if (answer.statusCode() != status || !answer.contentType().startsWith("application/problem+json")
                || answer.jsonPath().getString("correlationId") == null) {
            failures.add(route + " with " + with + ": " + answer.statusCode() + " " + answer.asString());
        }
    }
}
