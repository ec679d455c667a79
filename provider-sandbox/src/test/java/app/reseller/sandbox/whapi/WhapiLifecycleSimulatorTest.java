package app.reseller.sandbox.whapi;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.reseller.sandbox.whapi.WhapiManagerSimulatorTest.createChannel;
import static app.reseller.sandbox.whapi.WhapiManagerSimulatorTest.partner;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What issue 27 needs the sandbox to play: the creation window's 429 saying when a place frees,
 * stop with saved days and start, and a channel that says it is connected while nothing flows.
 */
@QuarkusTest
class WhapiLifecycleSimulatorTest {

    private static final long DAY_MS = 86_400_000L;
    private TestWebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
        receiver = new TestWebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
    }

    @Test
    void theWindowsRefusalSaysWhenItsOldestCreationLeavesIt() {
        for (int i = 0; i < 20; i++) {
            createChannel("c" + i);
        }
        int full = Integer.parseInt(partner().body(Map.of("name", "21st", "projectId", "p")).put("/manager/channels")
                .then().statusCode(429).extract().header("Retry-After"));
        assertTrue(full > 1700 && full <= 1800, "about 30 minutes: " + full);

        when().post("/_sandbox/whapi/clock/advance?seconds=1000").then().statusCode(200);
        int later = Integer.parseInt(partner().body(Map.of("name", "21st", "projectId", "p")).put("/manager/channels")
                .then().statusCode(429).extract().header("Retry-After"));
        assertTrue(later <= full - 1000 && later > 0, "the wait shrinks with the clock: " + later);
        when().post("/_sandbox/whapi/clock/advance?seconds=" + later).then().statusCode(200);
        createChannel("21st, once its place is free");
    }

    @Test
    void aTestSetsItsOwnCreationLimitAndSeesWhatTheWindowRefused() {
        given().contentType("application/json").body(Map.of("limit", 2, "windowSeconds", 60)).put("/_sandbox/whapi/creation-window")
                .then().statusCode(200).body("limit", is(2)).body("windowSeconds", is(60)).body("inWindow", is(0)).body("refused", is(0));
        createChannel("one");
        createChannel("two");
        int wait = Integer.parseInt(partner().body(Map.of("name", "three", "projectId", "p")).put("/manager/channels").then()
                .statusCode(429).extract().header("Retry-After"));
        assertTrue(wait > 0 && wait <= 60, "within the minute-long window: " + wait);
        when().get("/_sandbox/whapi/creation-window").then().body("inWindow", is(2)).body("refused", is(1));
        when().post("/_sandbox/whapi/clock/advance?seconds=61").then().statusCode(200);
        createChannel("three, a window later");
        given().contentType("application/json").body(Map.of("limit", -1)).put("/_sandbox/whapi/creation-window").then().statusCode(400);

        when().post("/_sandbox/whapi/reset").then().statusCode(200);
        when().get("/_sandbox/whapi/creation-window").then().body("limit", is(20)).body("windowSeconds", is(1800)).body("refused", is(0));
    }

    @Test
    void stopWithSavedDaysGivesTheUnusedDaysBackOnceAndStartRunsTheChannelAgain() {
        String id = createChannel("seasonal");
        partner().body(Map.of("days", 30, "comment", "December")).post("/manager/channels/" + id + "/extend").then().statusCode(200);
        long balance = partnerBalance();
        long till = partner().get("/manager/channels/" + id).then().extract().jsonPath().getLong("activeTill");
        long unused = (till - System.currentTimeMillis()) / DAY_MS;

        partner().body(Map.of("saveDays", true)).post("/manager/channels/" + id + "/stop")
                .then().statusCode(200).body("success", is(true));
        assertEquals(balance + unused, partnerBalance(), "the whole unused days went back to the partner");
        var stopped = partner().get("/manager/channels/" + id).then().extract().jsonPath();
        assertTrue(stopped.getBoolean("stopped"));
        assertEquals("stopped", stopped.getString("status"));
        assertTrue(stopped.getLong("activeTill") <= System.currentTimeMillis(), "no day left on the channel");

        // a repeat (a lost answer retried) withdraws nothing more
        partner().body(Map.of("saveDays", true)).post("/manager/channels/" + id + "/stop").then().statusCode(200);
        assertEquals(balance + unused, partnerBalance());

        when().post("/_sandbox/whapi/channels/" + id + "/login").then().statusCode(200);
        partner().post("/manager/channels/" + id + "/start").then().statusCode(200).body("success", is(true));
        gate(id).get("/gate/health").then().body("status.text", is("AUTH"));
        partner().get("/manager/channels/" + id).then().body("stopped", is(true)); // running, but no paid day until extended
        when().post("/_sandbox/whapi/clock/advance?seconds=301").then().statusCode(200); // past WHAPI's 5-minute block between extends
        partner().body(Map.of("days", 30, "comment", "back")).post("/manager/channels/" + id + "/extend").then().statusCode(200);
        partner().get("/manager/channels/" + id).then().body("stopped", is(false)).body("status", is("active"));
    }

    @Test
    void backToRealTimeKeepsTheChannelsAndTakesWhatHappenedAheadAsHappeningNow() {
        given().contentType("application/json").body(Map.of("limit", 1, "windowSeconds", 600)).put("/_sandbox/whapi/creation-window")
                .then().statusCode(200);
        when().post("/_sandbox/whapi/clock/advance?seconds=" + 3 * 3600).then().statusCode(200);
        String id = createChannel("made three hours ahead");
        partner().body(Map.of("days", 2, "comment", "ahead")).post("/manager/channels/" + id + "/extend").then().statusCode(200);

        long now = when().post("/_sandbox/whapi/clock/real").then().statusCode(200).extract().jsonPath().getLong("nowMillis");
        long till = partner().get("/manager/channels/" + id).then().statusCode(200).extract().jsonPath().getLong("activeTill");
        assertTrue(till - now > 7 * DAY_MS, "the channel and its days are kept: " + (till - now));
        // the creation fills the window from now (not from three hours ahead), the extend blocks the next one from now
        int wait = Integer.parseInt(partner().body(Map.of("name", "second", "projectId", "p")).put("/manager/channels")
                .then().statusCode(429).extract().header("Retry-After"));
        assertTrue(wait > 0 && wait <= 600, "a place frees within the window: " + wait);
        partner().body(Map.of("days", 1, "comment", "again")).post("/manager/channels/" + id + "/extend").then().statusCode(400);
        when().post("/_sandbox/whapi/clock/advance?seconds=601").then().statusCode(200);
        createChannel("second, a window later");
        partner().body(Map.of("days", 1, "comment", "again")).post("/manager/channels/" + id + "/extend").then().statusCode(200);
    }

    @Test
    void stopWithoutSavingDaysKeepsThemOnTheChannel() {
        String id = createChannel("pause");
        long balance = partnerBalance();
        long till = partner().get("/manager/channels/" + id).then().extract().jsonPath().getLong("activeTill");
        partner().post("/manager/channels/" + id + "/stop").then().statusCode(200);
        assertEquals(balance, partnerBalance());
        partner().get("/manager/channels/" + id).then().body("activeTill", is(till)).body("stopped", is(true));
        gate(id).get("/gate/health").then().body("status.text", is("STOP"));
        partner().post("/manager/channels/" + id + "/start").then().statusCode(200);
        gate(id).get("/gate/health").then().body("status.text", is("QR"));
        partner().get("/manager/channels/" + id).then().body("stopped", is(false));
    }

    @Test
    void aSilentChannelSaysItIsConnectedAcceptsSendsAndReportsNothingUntilRestarted() {
        String id = createChannel("silent");
        when().post("/_sandbox/whapi/channels/" + id + "/login").then().statusCode(200);
        String url = receiver.url(id);
        gate(id).body(Map.of("webhooks", List.of(Map.of("url", url, "mode", "body",
                "events", List.of(Map.of("type", "statuses", "method", "post"), Map.of("type", "messages", "method", "post"))))))
                .patch("/gate/settings").then().statusCode(200);
        given().contentType("application/json").body(Map.of("restartsToRecover", -1))
                .post("/_sandbox/whapi/channels/" + id + "/silent").then().statusCode(400);
        given().contentType("application/json").body(Map.of("restartsToRecover", 1))
                .post("/_sandbox/whapi/channels/" + id + "/silent").then().statusCode(200);

        gate(id).get("/gate/health").then().body("status.text", is("AUTH"));
        gate(id).body(Map.of("to", "6281234567890", "body", "anyone there?")).post("/gate/messages/text").then().statusCode(200);
        given().contentType("application/json").body(Map.of("from", "6281234567890", "text", "hello?"))
                .post("/_sandbox/whapi/channels/" + id + "/inbound").then().statusCode(200);
        // statuses come 150 ms apart in tests: a second of nothing is many of their steps
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(receiver.received::isEmpty);

        partner().post("/manager/channels/" + id + "/restart").then().statusCode(200);
        gate(id).body(Map.of("to", "6281234567890", "body", "and now?")).post("/gate/messages/text").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.stream().anyMatch(r -> r.body().contains("\"read\"")));
    }

    private static RequestSpecification gate(String channelId) {
        String token = partner().get("/manager/channels/" + channelId).then().extract().jsonPath().getString("token");
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static long partnerBalance() {
        return when().get("/_sandbox/whapi/partner").then().statusCode(200).extract().jsonPath().getLong("balanceDays");
    }
}
