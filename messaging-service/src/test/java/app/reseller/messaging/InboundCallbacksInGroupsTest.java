package app.reseller.messaging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inbound callbacks stored in groups (CallbackStore's group commit) against the real database: 80
 * messages, each delivered four times, all 320 at once from 32 senders. Every copy is answered
 * "000", each message is stored once with one event, and statements did hold several callbacks.
 */
@MessagingTest
class InboundCallbacksInGroupsTest {

    @Test
    void concurrentCallbacksAndTheirCopiesAreEachStoredOnceWithOneEvent() throws Exception {
        String run = "group-" + UUID.randomUUID().toString().substring(0, 8);
        List<Callable<String>> posts = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            for (int i = 0; i < 80; i++) {
                String body = "{\"message_id\":\"" + run + "-" + i + "\",\"client_id\":\"sandbox-client\",\"project_id\":\"52\","
                        + "\"sender_number\":\"6281200000000\",\"status_messages\":\"-\",\"message_content\":\"hello " + i + "\","
                        + "\"environment\":\"PRODUCTION\",\"timestamp\":\"1763700000\",\"callback_type\":\"message\"}";
                posts.add(() -> given().contentType("application/json").header("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                        .body(body).post("/callbacks/wappin").then().extract().asString());
            }
        }
        java.util.Collections.shuffle(posts, new java.util.Random(7));
        ExecutorService senders = Executors.newFixedThreadPool(32);
        try {
            for (Future<String> answer : senders.invokeAll(posts, 60, TimeUnit.SECONDS)) {
                assertTrue(answer.get().contains("\"000\""), "every copy is acknowledged: " + answer.get());
            }
        } finally {
            senders.shutdownNow();
        }
        assertEquals(80, DB.number("select count(*) from wappin_callback where wappin_message_id like '" + run + "-%'"));
        assertEquals(80, DB.number("select count(*) from inbound_message where wappin_message_id like '" + run + "-%'"));
        assertEquals(80, DB.number("select count(*) from outbox_event where type = 'messaging.InboundMessageReceived.v1' "
                + "and payload->>'wappinMessageId' like '" + run + "-%'"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher max = Pattern.compile("callbacks_store_batch_max\\S* ([0-9.E]+)").matcher(metrics);
        assertTrue(max.find() && Double.parseDouble(max.group(1)) > 1, "some statement stored several callbacks: "
                + (max.find(0) ? max.group() : "no callbacks_store_batch_max"));
    }
}
