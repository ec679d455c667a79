package app.reseller.sandbox.fault;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fault kind does what a reliability test needs it to do, and only as often as asked. */
@QuarkusTest
class FaultInjectionTest {

    @TestHTTPResource("/_sandbox/ping")
    URI ping;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void clearFaults() {
        when().delete("/_sandbox/faults").then().statusCode(204);
    }

    @Test
    void errorAnswersTheStatusWithoutHandlingTheCallAndOnlyAsOftenAsAsked() {
        long before = handled();
        addFault("{\"kind\":\"ERROR\",\"method\":\"POST\",\"pathPattern\":\"/_sandbox/ping\",\"status\":503,\"times\":1}");
        when().post("/_sandbox/ping").then().statusCode(503).body("error.code", is(503)).header("Retry-After", org.hamcrest.Matchers.nullValue());
        assertEquals(before, handled(), "an injected error does not reach the simulator");
        when().post("/_sandbox/ping").then().statusCode(200);
        assertEquals(before + 1, handled(), "the rule was used up");
    }

    @Test
    void anErrorCanSayWhenToComeBack() {
        addFault("{\"kind\":\"ERROR\",\"method\":\"POST\",\"pathPattern\":\"/_sandbox/ping\",\"status\":429,\"retryAfterSeconds\":7,\"times\":1}");
        when().post("/_sandbox/ping").then().statusCode(429).header("Retry-After", is("7"));
        given().contentType(ContentType.JSON).body("{\"kind\":\"ERROR\",\"pathPattern\":\"/_sandbox/ping\",\"status\":429,\"retryAfterSeconds\":-1}")
                .when().post("/_sandbox/faults").then().statusCode(400);
        when().post("/_sandbox/ping").then().statusCode(200);
    }

    @Test
    void latencyDelaysTheAnswerButHandlesTheCall() throws Exception {
        long before = handled();
        addFault("{\"kind\":\"LATENCY\",\"pathPattern\":\"/_sandbox/ping\",\"delayMs\":400,\"times\":1}");
        long t0 = System.nanoTime();
        HttpResponse<String> answer = http.send(post(Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString());
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, answer.statusCode());
        assertTrue(tookMs >= 400, "answered after the injected delay, took " + tookMs + " ms");
        assertEquals(before + 1, handled());
    }

    @Test
    void timeoutNeverAnswersAndDoesNotHandleTheCall() {
        long before = handled();
        addFault("{\"kind\":\"TIMEOUT\",\"pathPattern\":\"/_sandbox/ping\",\"delayMs\":5000,\"times\":1}");
        assertThrows(HttpTimeoutException.class,
                () -> http.send(post(Duration.ofMillis(500)), HttpResponse.BodyHandlers.ofString()));
        assertEquals(before, handled());
    }

    @Test
    void lostAnswerHandlesTheCallThenDropsTheConnection() {
        long before = handled();
        addFault("{\"kind\":\"LOST_ANSWER\",\"method\":\"POST\",\"pathPattern\":\"/_sandbox/ping\",\"times\":1}");
        assertThrows(IOException.class, () -> http.send(post(Duration.ofSeconds(5)), HttpResponse.BodyHandlers.ofString()));
        assertEquals(before + 1, handled(), "the effect happened although no answer came back");
    }

    @Test
    void aLostAnswerOfASimulatedApiIsLostToo() throws Exception {
        String auth = "Bearer sandbox-partner-token";
        String id = given().header("Authorization", auth).contentType(ContentType.JSON)
                .body("{\"name\":\"lost\",\"projectId\":\"p\"}").put("/manager/channels").then().statusCode(200)
                .extract().path("id");
        addFault("{\"kind\":\"LOST_ANSWER\",\"method\":\"POST\",\"pathPattern\":\"/manager/channels/" + id + "/extend\",\"times\":1}");
        HttpRequest extend = HttpRequest.newBuilder(ping.resolve("/manager/channels/" + id + "/extend"))
                .timeout(Duration.ofSeconds(5)).header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"days\":3,\"comment\":\"c\"}")).build();
        assertThrows(IOException.class, () -> http.send(extend, HttpResponse.BodyHandlers.ofString()));
        given().get("/_sandbox/whapi/channels/" + id + "/extensions").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.is(1)); // the days were added all the same
    }

    @Test
    void anInvalidRuleIsRefusedWithProblemJson() {
        given().contentType(ContentType.JSON).body("{\"kind\":\"ERROR\",\"pathPattern\":\"(unclosed\"}")
                .when().post("/_sandbox/faults").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("regular expression"));
        given().contentType(ContentType.JSON).body("{\"kind\":\"EXPLODE\",\"pathPattern\":\"/x\"}")
                .when().post("/_sandbox/faults").then().statusCode(400)
                .contentType("application/problem+json").body("type", is("urn:reseller:problem:malformed-body"));
        given().contentType(ContentType.JSON).body("{\"kind\":\"ERROR\",\"pathPattern\":\"/x\",\"status\":200}")
                .when().post("/_sandbox/faults").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", is("status"));
        when().get("/_sandbox/faults").then().statusCode(200).body("size()", is(0));
    }

    private HttpRequest post(Duration timeout) {
        return HttpRequest.newBuilder(ping).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private static void addFault(String json) {
        given().contentType(ContentType.JSON).body(json).when().post("/_sandbox/faults").then().statusCode(201);
    }

    private static long handled() {
        return when().get("/_sandbox/ping").then().statusCode(200).extract().jsonPath().getLong("handled");
    }
}
