package app.reseller.messaging;

import app.reseller.platform.events.contract.MessagingEvents.MessageStatusChanged;
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
 * Status callbacks stored in groups (StatusCallbackStore) against the real database: 60 messages,
 * each getting SENT, DELIVERED and READ three times, plus statuses of 10 Wappin ids no message holds,
 * all at once from 32 senders in a shuffled order, so a group holds several statuses of one message,
 * copies of one status, and statuses of unknown messages. Every copy is answered "000"; each status is
 * stored once with one timeline row and one event; every message ends READ, and its last event says so;
 * the unknown ones are kept as callbacks alone; and statements did hold several statuses.
 */
@MessagingTest
class StatusCallbacksInGroupsTest {

    private static final List<String> STATUSES = List.of("sent", "delivered", "read");

    @Test
    void concurrentStatusesOfOneMessageAndTheirCopiesEndAtTheHighestWithOneEventEach() throws Exception {
        String run = "status-group-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            messages.append(i == 0 ? "" : ",").append(String.format(
                    "('%s','customer-1','62811%07d','NOTIFICATION','otp','{}','ACCEPTED','%s-%d')", UUID.randomUUID(), i, run, i));
        }
        DB.execute("insert into outbound_message (id, customer_id, recipient, kind, template, params, status, wappin_message_id) values "
                + messages);
        List<String> bodies = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            for (int i = 0; i < 60; i++) {
                for (String status : STATUSES) {
                    bodies.add(status(run + "-" + i, status));
                }
            }
        }
        for (int copy = 0; copy < 2; copy++) {
            for (int i = 0; i < 10; i++) {
                bodies.add(status(run + "-unknown-" + i, "delivered"));
            }
        }
        postCallbacksAtOnce(bodies, 11, 32);
        String ours = "wappin_message_id like '" + run + "-%' and wappin_message_id not like '" + run + "-unknown-%'";
        assertEquals(180, DB.number("select count(*) from wappin_callback where " + ours));
        assertEquals(10, DB.number("select count(*) from wappin_callback where wappin_message_id like '" + run + "-unknown-%'"));
        assertEquals(180, DB.number("select count(*) from message_status s join outbound_message m on m.id = s.message_id "
                + "where s.source = 'CALLBACK' and m." + ours));
        assertEquals(60, DB.number("select count(*) from outbound_message where status = 'READ' and " + ours));
        String events = "from outbox_event where type = '" + MessageStatusChanged.TYPE + "' and payload->>'wappinMessageId' like '" + run + "-%'";
        assertEquals(180, DB.number("select count(*) " + events));
        assertEquals(180, DB.number("select count(distinct (aggregateid, payload->>'status')) " + events), "one event per status");
        assertEquals(60, DB.number("select count(*) from (select distinct on (aggregateid) payload->>'currentStatus' as current "
                + events + " order by aggregateid, seq desc) last where current = 'READ'"), "each message's last event says READ");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher max = Pattern.compile("callbacks_store_batch_max\\{[^}]*type=\"status\"[^}]*} ([0-9.E]+)").matcher(metrics);
        assertTrue(max.find() && Double.parseDouble(max.group(1)) > 1, "some statement stored several statuses: "
                + (max.find(0) ? max.group() : "no callbacks_store_batch_max of statuses"));
    }

    private static String status(String wappinMessageId, String status) {
        return "{\"message_id\":\"" + wappinMessageId + "\",\"client_id\":\"sandbox-client\",\"project_id\":\"52\","
                + "\"sender_number\":\"6281200000000\",\"status_messages\":\"" + status + "\","
                + "\"environment\":\"PRODUCTION\",\"timestamp\":\"1763700000\",\"callback_type\":\"status\"}";
    }
}
