package app.reseller.sandbox.whapi;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated WHAPI manager behaves as PROVIDERS.md describes the real one. */
@QuarkusTest
class WhapiManagerSimulatorTest {

    static final String PARTNER = "Bearer sandbox-partner-token";
    private static final long DAY_MS = 86_400_000L;

    @TestHTTPResource("/manager/channels")
    URI channels;

    @BeforeEach
    @AfterEach
    void reset() {
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
        when().delete("/_sandbox/faults").then().statusCode(204);
    }

    static RequestSpecification partner() {
        return given().header("Authorization", PARTNER).contentType(ContentType.JSON);
    }

    static String createChannel(String name) {
        return partner().body(Map.of("name", name, "projectId", "HPN0H0hFDL1GFg154PI", "phone", "6281234567"))
                .put("/manager/channels").then().statusCode(200).extract().jsonPath().getString("id");
    }

    @Test
    void aNewChannelIsInTrialForFiveDaysWithTimesInMilliseconds() {
        long before = System.currentTimeMillis();
        var channel = partner().body(Map.of("name", "shop", "projectId", "HPN0H0hFDL1GFg154PI"))
                .put("/manager/channels").then().statusCode(200)
                .body("id", matchesPattern("[A-Z]{6}-[A-Z0-9]{5}"))
                .body("token", matchesPattern("[a-zA-Z0-9]{32}"))
                .body("mode", is("trial"))
                .extract().jsonPath();
        long activeTill = channel.getLong("activeTill");
        assertTrue(activeTill >= before + 5 * DAY_MS && activeTill <= System.currentTimeMillis() + 5 * DAY_MS,
                "activeTill is now + 5 days in epoch ms: " + activeTill);
    }

    @Test
    void extendDrawsFromThePartnerBalanceAndIsBlockedForFiveMinutes() {
        String id = createChannel("extend");
        long till = partner().get("/manager/channels/" + id).then().extract().jsonPath().getLong("activeTill");

        partner().body(Map.of("days", 30, "comment", "November")).post("/manager/channels/" + id + "/extend")
                .then().statusCode(200).body("success", is(true));
        partner().get("/manager/channels/" + id).then().body("activeTill", is(till + 30 * DAY_MS));
        when().get("/_sandbox/whapi/partner").then().body("balanceDays", is(970));

        partner().body(Map.of("days", 1, "comment", "again")).post("/manager/channels/" + id + "/extend")
                .then().statusCode(400).body("error.message", containsString("blocked"));
        when().post("/_sandbox/whapi/clock/advance?seconds=301").then().statusCode(200);
        partner().body(Map.of("days", 1, "comment", "again")).post("/manager/channels/" + id + "/extend")
                .then().statusCode(200);
        when().get("/_sandbox/whapi/channels/" + id + "/extensions").then().body("size()", is(2));
    }

    @Test
    void extendRefusesMoreDaysThanThePartnerHasAndBadBodies() {
        String id = createChannel("poor");
        when().put("/_sandbox/whapi/partner?balanceDays=3").then().statusCode(200);
        partner().body(Map.of("days", 4, "comment", "x")).post("/manager/channels/" + id + "/extend")
                .then().statusCode(400).body("error.code", is(400)).body("error.message", is("Not enough days"));
        partner().body(Map.of("days", 2)).post("/manager/channels/" + id + "/extend").then().statusCode(400);
        partner().body(Map.of("days", 0, "comment", "x")).post("/manager/channels/" + id + "/extend").then().statusCode(400);
        when().get("/_sandbox/whapi/partner").then().body("balanceDays", is(3));
    }

    @Test
    void deleteReturnsTheUnusedDaysToThePartnerBalance() {
        String id = createChannel("gone");
        partner().body(Map.of("days", 30, "comment", "x")).post("/manager/channels/" + id + "/extend").then().statusCode(200);
        partner().delete("/manager/channels/" + id).then().statusCode(200).body("success", is(true));
        // 5 trial days + 30 paid, a few ms used: 34 whole days come back
        when().get("/_sandbox/whapi/partner").then().body("balanceDays", is(1000 - 30 + 34));
        partner().get("/manager/channels/" + id).then().statusCode(404).body("error.code", is(404));
    }

    @Test
    void theTwentyFirstCreationWithinThirtyMinutesIs429() {
        for (int i = 0; i < 20; i++) {
            createChannel("c" + i);
        }
        partner().body(Map.of("name", "one too many", "projectId", "p")).put("/manager/channels").then().statusCode(429);
        when().post("/_sandbox/whapi/clock/advance?seconds=1801").then().statusCode(200);
        createChannel("after the window");
        partner().get("/manager/channels/list?count=5&offset=0").then().statusCode(200)
                .body("channels.size()", is(5)).body("total", is(21));
    }

    @Test
    void onlyExactlyOneBearerPrefixIsAccepted() {
        given().get("/manager/channels/list").then().statusCode(401);
        given().header("Authorization", "sandbox-partner-token").get("/manager/channels/list").then().statusCode(401);
        given().header("Authorization", "Bearer Bearer sandbox-partner-token").get("/manager/channels/list")
                .then().statusCode(401).body("error.details", containsString("two Bearer prefixes"));
        given().header("Authorization", PARTNER).get("/manager/channels/list").then().statusCode(200);
    }

    @Test
    void anExtendWhoseAnswerIsLostWasStillApplied() {
        String id = createChannel("lost");
        given().contentType(ContentType.JSON)
                .body("{\"kind\":\"LOST_ANSWER\",\"method\":\"POST\",\"pathPattern\":\"/manager/channels/.+/extend\",\"times\":1}")
                .post("/_sandbox/faults").then().statusCode(201);
        HttpRequest extend = HttpRequest.newBuilder(URI.create(channels + "/" + id + "/extend"))
                .header("Authorization", PARTNER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"days\":7,\"comment\":\"lost\"}")).build();
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(extend, HttpResponse.BodyHandlers.ofString()));
        when().get("/_sandbox/whapi/channels/" + id + "/extensions").then().body("size()", is(1));
        assertEquals(993, when().get("/_sandbox/whapi/partner").then().extract().jsonPath().getInt("balanceDays"));
        partner().get("/manager/channels/" + id).then().body("activeTill", greaterThan(0L));
    }

    /** The partner's "days" webhook: set with PATCH /partners/{name}/settings, fired after an extend leaves less than days_limit. */
    @org.junit.jupiter.api.Test
    void anExtendBelowTheDaysLimitFiresThePartnersDaysWebhook() {
        String receiver = "partner-" + System.nanoTime();
        String url = "http://127.0.0.1:" + io.restassured.RestAssured.port + "/_sandbox/webhook-receiver/" + receiver;
        partner().body(java.util.Map.of("webhooks", java.util.List.of(java.util.Map.of("url", url, "events",
                        java.util.List.of(java.util.Map.of("type", "days", "method", "post")), "mode", "body")), "days_limit", 30))
                .patch("/manager/partners/sandbox/settings").then().statusCode(200).body("days_limit", is(30));
        partner().get("/manager/partners/sandbox/settings").then().statusCode(200).body("webhooks[0].url", is(url));
        given().put("/_sandbox/whapi/partner?balanceDays=40").then().statusCode(200);
        String id = createChannel("partner days");
        partner().body(java.util.Map.of("days", 5, "comment", "above the limit")).post("/manager/channels/" + id + "/extend").then().statusCode(200);
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(2))
                .until(() -> given().get("/_sandbox/webhook-receiver/" + receiver).then().extract().jsonPath().getList("$").isEmpty());
        given().post("/_sandbox/whapi/clock/advance?seconds=" + 2 * 3600).then().statusCode(200); // past the extend block
        partner().body(java.util.Map.of("days", 10, "comment", "below the limit")).post("/manager/channels/" + id + "/extend").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> given().get("/_sandbox/webhook-receiver/" + receiver).then().extract().jsonPath().getList("$").size() == 1);
        String body = given().get("/_sandbox/webhook-receiver/" + receiver).then().extract().jsonPath().getString("[0].body");
        assertTrue(body.contains("\"days\":25") && body.contains("\"days_limit\":30"), body);
        partner().body(java.util.Map.of("days_limit", -1)).patch("/manager/partners/sandbox/settings").then().statusCode(400);
    }
}
