package app.reseller.messaging;

import app.reseller.infra.ProviderSandboxProcess;
import app.reseller.infra.RecordingProxy;
import app.reseller.infra.TestDatabase;
import app.reseller.infra.TestEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What messaging-service's tests share (callers: the test kit's TestCallers): SQL, events on Kafka, the Wappin sandbox and the wire. */
public final class MessagingTestSupport {

    public static final String DATABASE = "messaging";
    public static final String TOPICS = "billing.events,channel.events,messaging.events,messaging.endpoint-events";
    public static final TestDatabase DB = new TestDatabase(DATABASE);
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private MessagingTestSupport() {
    }

    /** A template send the sandbox accepts (templ_uat_2 takes 2 parameters). */
    public static Map<String, Object> notification(String recipient) {
        return Map.of("recipient", recipient, "template", "templ_uat_2", "params", List.of("Budi", "30 days"));
    }

    // ---- Wappin's callbacks ----

    /**
     * Posts the callback bodies, shuffled (the seed), all at once from {@code senders} threads, with the
     * callback token, and asserts that every one was answered "000".
     */
    public static void postCallbacksAtOnce(List<String> bodies, long seed, int senders) throws Exception {
        List<String> shuffled = new ArrayList<>(bodies);
        Collections.shuffle(shuffled, new Random(seed));
        List<Callable<String>> posts = shuffled.stream().<Callable<String>>map(body -> () -> given().contentType("application/json")
                .header("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                .body(body).post("/callbacks/wappin").then().extract().asString()).toList();
        ExecutorService threads = Executors.newFixedThreadPool(senders);
        try {
            for (Future<String> answer : threads.invokeAll(posts, 60, TimeUnit.SECONDS)) {
                assertTrue(answer.get().contains("\"000\""), "every copy is acknowledged: " + answer.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    // ---- the sandbox ----

    public static RequestSpecification sandbox() {
        return given().baseUri(MessagingTestResource.sandboxUrl()).contentType(ContentType.JSON);
    }

    /** Points the sandbox's callbacks at this app. */
    public static void callbacksToUs(int copies, boolean outOfOrder) {
        sandbox().body(Map.of("url", "http://127.0.0.1:" + MessagingTestResource.port + "/callbacks/wappin",
                        "token", MessagingTestResource.CALLBACK_TOKEN, "copies", copies, "outOfOrder", outOfOrder))
                .put("/_sandbox/wappin/callback").then().statusCode(200);
    }

    public static int tokenRequests() {
        return sandbox().get("/_sandbox/wappin/stats").then().statusCode(200).extract().jsonPath().getInt("tokenRequests");
    }

    public static void fault(String kind, String method, String pathPattern, Integer status, int times) {
        fault(kind, method, pathPattern, status, times, null);
    }

    public static void fault(String kind, String method, String pathPattern, Integer status, int times, String code) {
        Map<String, Object> fault = new HashMap<>(Map.of("kind", kind, "method", method, "pathPattern", pathPattern, "times", times));
        if (status != null) {
            fault.put("status", status);
        }
        if (code != null) {
            fault.put("code", code);
        }
        sandbox().body(fault).post("/_sandbox/faults").then().statusCode(201);
    }

    public static void clearFaults() {
        sandbox().delete("/_sandbox/faults").then().statusCode(204);
    }

    public static RecordingProxy wire() {
        return ProviderSandboxProcess.recordingProxy();
    }

    public static long wappinSends() {
        return wire().count(e -> e.path().startsWith("/wappin/v1/message/do-send"));
    }

    // ---- events ----

    public static ProducerRecord<String, String> publish(String topic, String key, String type, Object payload) {
        ProducerRecord<String, String> record = event(topic, key, type, payload);
        TestEvents.send(record);
        return record;
    }

    /** A platform event as a relay would publish it, not sent yet (send many at once with the broker's send). */
    public static ProducerRecord<String, String> event(String topic, String key, String type, Object payload) {
        try {
            return TestEvents.cloudEvent(topic, key, type, "/reseller/test", JSON.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record's event id (its ce_id header). */
    public static String eventId(ProducerRecord<String, String> record) {
        return new String(record.headers().lastHeader("ce_id").value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
