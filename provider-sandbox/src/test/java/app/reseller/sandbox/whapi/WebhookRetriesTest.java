package app.reseller.sandbox.whapi;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Like WHAPI, the sandbox sends a webhook call again until it gets a 200, with a linear back-off
 * (%test: 150 ms steps, 1 s timeout, 4 attempts), and keeps the callback settings a channel sets.
 */
@QuarkusTest
class WebhookRetriesTest {

    private TestWebhookReceiver receiver;
    private Map<String, String> channel;

    @BeforeEach
    void start() throws Exception {
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
        receiver = new TestWebhookReceiver();
        var created = WhapiManagerSimulatorTest.partner().body(Map.of("name", "retries", "projectId", "p"))
                .put("/manager/channels").then().statusCode(200).extract().jsonPath();
        channel = Map.of("id", created.getString("id"), "token", created.getString("token"));
        gate().body(Map.of("webhooks", List.of(Map.of("url", receiver.url(channel.get("id")), "mode", "body",
                "events", List.of(Map.of("type", "channel", "method", "patch")))))).patch("/gate/settings").then().statusCode(200);
    }

    @AfterEach
    void stop() {
        receiver.close();
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
    }

    private RequestSpecification gate() {
        return given().header("Authorization", "Bearer " + channel.get("token")).contentType("application/json");
    }

    private List<Map<String, Object>> attempts() {
        return when().get("/_sandbox/whapi/channels/" + channel.get("id") + "/webhook-deliveries").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    @Test
    void aCallRefusedUnansweredOrFailedIsSentAgainUntilItGetsA200() {
        receiver.nextAnswers.addAll(List.of(503, TestWebhookReceiver.NO_ANSWER, 500));
        when().post("/_sandbox/whapi/channels/" + channel.get("id") + "/login").then().statusCode(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> attempts().size() == 4);
        var attempts = attempts();
        assertEquals(List.of(1, 2, 3, 4), attempts.stream().map(a -> a.get("attempt")).toList());
        assertEquals(503, attempts.get(0).get("status"));
        assertEquals(-1, attempts.get(1).get("status"), "no answer in time is a failed attempt: " + attempts.get(1));
        assertTrue(String.valueOf(attempts.get(1).get("error")).contains("Timeout"), String.valueOf(attempts.get(1)));
        assertEquals(500, attempts.get(2).get("status"));
        assertEquals(200, attempts.get(3).get("status"));
        assertEquals(4, receiver.received.size());
        assertTrue(receiver.received.stream().allMatch(r -> r.body().equals(receiver.received.get(0).body())), "the same call each time");
        // acknowledged: nothing more is sent
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> receiver.received.size() == 4);
    }

    @Test
    void aReceiverThatNeverAcceptsGetsTheAttemptsThenNothingMore() {
        receiver.nextAnswers.addAll(List.of(401, 401, 401, 401, 401, 401));
        when().post("/_sandbox/whapi/channels/" + channel.get("id") + "/login").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> attempts().size() == 4);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> receiver.received.size() == 4);
        assertEquals(List.of(401, 401, 401, 401), attempts().stream().map(a -> a.get("status")).toList());
    }

    @Test
    void theBackOffGrowsLinearly() {
        receiver.nextAnswers.addAll(List.of(503, 503, 503));
        when().post("/_sandbox/whapi/channels/" + channel.get("id") + "/login").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 4);
        List<Long> at = receiver.received.stream().map(TestWebhookReceiver.Received::atNanos).toList();
        // 150 ms, 300 ms, 450 ms apart (each at least its step; the first gap shorter than the last)
        for (int gap = 1; gap <= 3; gap++) {
            long millis = (at.get(gap) - at.get(gap - 1)) / 1_000_000;
            assertTrue(millis >= 150L * gap, "gap " + gap + " was " + millis + " ms");
        }
    }

    @Test
    void aResetDropsTheRetriesUnderWay() {
        receiver.nextAnswers.addAll(List.of(503, 503, 503));
        when().post("/_sandbox/whapi/channels/" + channel.get("id") + "/login").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received.size() == 1);
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
        int afterReset = receiver.received.size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> receiver.received.size() <= afterReset + 1);
    }

    @Test
    void theCallbackSettingsAreKeptWithinWhapisRanges() {
        gate().body(Map.of("callback_backoff_delay_ms", 3000, "max_callback_backoff_delay_ms", 900000, "callback_persist", true))
                .patch("/gate/settings").then().statusCode(200)
                .body("changes", is(List.of("callback_backoff_delay_ms", "max_callback_backoff_delay_ms", "callback_persist")));
        gate().get("/gate/settings").then().statusCode(200).body("callback_backoff_delay_ms", is(3000))
                .body("max_callback_backoff_delay_ms", is(900000)).body("callback_persist", is(true))
                .body("webhooks.size()", is(1));
        gate().body(Map.of("callback_backoff_delay_ms", 2999)).patch("/gate/settings").then().statusCode(400)
                .body("error.code", is(400));
        gate().body(Map.of("callback_backoff_delay_ms", 15001)).patch("/gate/settings").then().statusCode(400);
        gate().body(Map.of("max_callback_backoff_delay_ms", 599999)).patch("/gate/settings").then().statusCode(400);
        gate().body(Map.of("max_callback_backoff_delay_ms", 3600001)).patch("/gate/settings").then().statusCode(400);
        gate().body(Map.of("callback_backoff_delay_ms", "soon")).patch("/gate/settings").then().statusCode(400);
        gate().get("/gate/settings").then().body("callback_backoff_delay_ms", is(3000)).body("webhooks.size()", is(1));
    }
}
