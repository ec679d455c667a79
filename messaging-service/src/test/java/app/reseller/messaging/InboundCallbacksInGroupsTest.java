package app.reseller.messaging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.messaging.MessagingTestSupport.postCallbacksAtOnce;
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
        List<String> bodies = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            for (int i = 0; i < 80; i++) {
                bodies.add("{\"message_id\":\"" + run + "-" + i + "\",\"client_id\":\"sandbox-client\",\"project_id\":\"52\","
                        + "\"sender_number\":\"6281200000000\",\"status_messages\":\"-\",\"message_content\":\"hello " + i + "\","
                        + "\"environment\":\"PRODUCTION\",\"timestamp\":\"1763700000\",\"callback_type\":\"message\"}");
            }
        }
        postCallbacksAtOnce(bodies, 7, 32);
        assertEquals(80, DB.number("select count(*) from wappin_callback where wappin_message_id like '" + run + "-%'"));
        assertEquals(80, DB.number("select count(*) from inbound_message where wappin_message_id like '" + run + "-%'"));
        assertEquals(80, DB.number("select count(*) from outbox_event where type = 'messaging.InboundMessageReceived.v1' "
                + "and payload->>'wappinMessageId' like '" + run + "-%'"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher max = Pattern.compile("callbacks_store_batch_max\\{[^}]*type=\"message\"[^}]*} ([0-9.E]+)").matcher(metrics);
        assertTrue(max.find() && Double.parseDouble(max.group(1)) > 1, "some statement stored several callbacks: "
                + (max.find(0) ? max.group() : "no callbacks_store_batch_max"));
    }
}
