package app.reseller.sandbox.wappin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The simulated Wappin: its result codes (in the body, with HTTP 200), tokens, timelines and callbacks. */
@QuarkusTest
class WappinSimulatorTest {

    private static final String CLIENT = "sandbox-client";
    private static final String PROD = "52";
    private static final String UAT = "14";

    private Vertx vertx;
    private HttpServer receiver;
    private final List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> answer = new AtomicReference<>("{\"status\":\"000\"}");
    /** How long the receiver takes to answer its first callback (a slow client system). */
    private final AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicReference<Duration> firstAnswerDelay = new AtomicReference<>(Duration.ZERO);

    @BeforeEach
    void start() throws Exception {
        when().post("/_sandbox/wappin/reset").then().statusCode(200);
        vertx = Vertx.vertx();
        receiver = vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(body -> {
            long delay = received.incrementAndGet() == 1 ? firstAnswerDelay.get().toMillis() : 0;
            // a callback counts when it is answered: the order in which the client system finished handling them
            Runnable reply = () -> {
                callbacks.add(Map.of("auth", String.valueOf(r.getHeader("Authorization")), "body", body.toString()));
                r.response().putHeader("Content-Type", "application/json").end(answer.get());
            };
            if (delay > 0) {
                vertx.setTimer(delay, t -> reply.run());
            } else {
                reply.run();
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void stop() {
        vertx.close();
        when().post("/_sandbox/wappin/reset").then().statusCode(200);
    }

    static String token() {
        return given().auth().preemptive().basic(CLIENT, "sandbox-secret").post("/wappin/v1/token/get")
                .then().statusCode(200).body("status", is("200"))
                .body("data.expired_datetime", matchesPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"))
                .extract().jsonPath().getString("data.access_token");
    }

    private static RequestSpecification api(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static Map<String, Object> hsm(String template, Map<String, String> params, String number) {
        return Map.of("client_id", CLIENT, "project_id", PROD, "type", template, "recipient_number", number, "params", params);
    }

    @Test
    void tokensNeedBasicAuthWithTheRightCredentialsAndExpire() {
        given().auth().preemptive().basic(CLIENT, "wrong").post("/wappin/v1/token/get")
                .then().statusCode(200).body("status", is("401")).body("message", is("Invalid credential"));
        when().post("/wappin/v1/token/get").then().statusCode(200).body("status", is("406"));
        String token = token();
        api(token).body(hsm("templ_uat_2", Map.of("1", "a", "2", "b"), "6281234567890")).post("/wappin/v1/message/do-send-hsm")
                .then().body("status", is("200"));
        when().post("/_sandbox/wappin/tokens/expire").then().statusCode(200);
        api(token).body(hsm("templ_uat_2", Map.of("1", "a", "2", "b"), "6281234567890")).post("/wappin/v1/message/do-send-hsm")
                .then().statusCode(200).body("status", is("401"));
        when().get("/_sandbox/wappin/stats").then().body("tokenRequests", is(3));
    }

    @Test
    void everyDocumentedResultCodeOfASendComesBackInTheBody() {
        String token = token();
        api(token).body(hsm("templ_uat_2", Map.of("1", "a", "2", "b"), "+62 812-3456-7890")).post("/wappin/v1/message/do-send-hsm")
                .then().body("status", is("200")).body("message_id", notNullValue());
        api(token).body(hsm("templ_uat_2", Map.of("1", "a"), "6281234567890")).post("/wappin/v1/message/do-send-hsm")
                .then().body("status", is("400")).body("message", is("Message param count do not match"));
        api(token).body(hsm("no_such_template", Map.of(), "6281234567890")).post("/wappin/v1/message/do-send-hsm")
                .then().body("status", is("404"));
        api(token).body(hsm("templ_uat_2", Map.of("1", "a", "2", "b"), "6299912345678")).post("/wappin/v1/message/do-send-hsm")
                .then().body("status", is("601")).body("message", is("Contact invalid"));
        api(token).body(Map.of("client_id", CLIENT, "project_id", "999", "type", "templ_uat_2", "recipient_number", "6281234567890",
                "params", Map.of("1", "a", "2", "b"))).post("/wappin/v1/message/do-send-hsm").then().body("status", is("400"));
        api(token).body(Map.of("client_id", CLIENT, "project_id", PROD, "type", "templ_uat_2", "recipient_number", "6281234567890",
                        "params", Map.of("1", "a", "2", "b"), "channel", "sms", "content", "templ_hsm", "params_sms", Map.of("1", "x")))
                .post("/wappin/v1/message/do-send-hsm").then().body("status", is("400")).body("message", is("params sms count do not match"));
        api(token).body(Map.of("client_id", CLIENT, "project_id", UAT, "message_content", "hi", "recipient_number", "081234567890"))
                .post("/wappin/v1/message/do-send").then().body("status", is("419"));
        api(token).body(Map.of("client_id", CLIENT, "project_id", PROD, "message_content", "hi", "recipient_number", "081234567890"))
                .post("/wappin/v1/message/do-send").then().body("status", is("200"));
        api(token).body(Map.of("client_id", CLIENT, "project_id", PROD, "phone_number", "081234567890"))
                .post("/wappin/v1/phone/number-checker").then().body("status", is("200")).body("data", is("+6281234567890"));
        api(token).body(Map.of("message_id", "nope")).post("/wappin/v1/message/inquiry").then().body("status", is("404"));
    }

    @Test
    void mediaIsCheckedAgainstItsType() {
        String token = token();
        given().header("Authorization", "Bearer " + token).multiPart("client_id", CLIENT).multiPart("project_id", PROD)
                .multiPart("recipient_number", "6281234567890").multiPart("media_type", "image").multiPart("caption", "look")
                .multiPart("media", "photo.png", new byte[]{(byte) 0x89, 'P', 'N', 'G'}, "image/png")
                .post("/wappin/v1/message/do-send-media").then().body("status", is("200"));
        given().header("Authorization", "Bearer " + token).multiPart("client_id", CLIENT).multiPart("project_id", PROD)
                .multiPart("recipient_number", "6281234567890").multiPart("media_type", "image")
                .multiPart("media", "invoice.pdf", new byte[]{'%', 'P', 'D', 'F'}, "application/pdf")
                .post("/wappin/v1/message/do-send-media").then().body("status", is("605")).body("message", is("Upload Media Failed"));
    }

    @Test
    void aMessageGoesSentDeliveredReadAndEachStatusIsCalledBackWithTheToken() {
        // the receiver answers "sent" after more than two status steps: "delivered" and "read" must still wait their turn
        firstAnswerDelay.set(Duration.ofMillis(400));
        configureCallback(1, false);
        String token = token();
        String id = api(token).body(hsm("templ_uat_3", Map.of("1", "a", "2", "b", "3", "c"), "6281234567890"))
                .post("/wappin/v1/message/do-send-hsm").then().body("status", is("200")).extract().jsonPath().getString("message_id");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 3);
        assertEquals(List.of("sent", "delivered", "read"), statuses());
        callbacks.forEach(c -> assertEquals("Bearer callback-token", c.get("auth")));
        api(token).body(Map.of("message_id", id)).post("/wappin/v1/message/inquiry").then()
                .body("status", is("200")).body("data.status", is(List.of("sent", "delivered", "read")));
    }

    @Test
    void aCallbackNotAnswered000IsRetriedThreeTimes() {
        answer.set("{\"status\":\"500\"}");
        configureCallback(1, false);
        given().contentType("application/json").body(Map.of("senderNumber", "6281234567890", "content", "hello"))
                .post("/_sandbox/wappin/inbound").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 4);
        assertEquals(4, callbacks.stream().filter(c -> c.get("body").contains("\"callback_type\":\"message\"")).count());
    }

    @Test
    void callbacksCanArriveThreeTimesEachAndNewestFirst() {
        configureCallback(3, true);
        api(token()).body(hsm("templ_uat_2", Map.of("1", "a", "2", "b"), "6281234567890")).post("/wappin/v1/message/do-send-hsm")
                .then().body("status", is("200"));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 9);
        List<String> statuses = statuses();
        assertEquals(3, statuses.stream().filter("sent"::equals).count());
        assertEquals(3, statuses.stream().filter("read"::equals).count());
        assertEquals("read", statuses.get(0), "the newest status goes out first");
    }

    private void configureCallback(int copies, boolean outOfOrder) {
        given().contentType("application/json").body(Map.of("url", "http://127.0.0.1:" + receiver.actualPort() + "/callbacks/wappin",
                "token", "callback-token", "copies", copies, "outOfOrder", outOfOrder)).put("/_sandbox/wappin/callback").then().statusCode(200);
    }

    private List<String> statuses() {
        return callbacks.stream().map(c -> c.get("body").replaceAll(".*\"status_messages\":\"([a-z-]+)\".*", "$1")).toList();
    }
}
