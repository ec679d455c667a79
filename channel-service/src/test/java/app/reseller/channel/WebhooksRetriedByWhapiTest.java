package app.reseller.channel;

import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook we could not store (our database failed it) is answered 5xx, so WHAPI (here the
 * sandbox, which retries as WHAPI does) sends it again, and the message is stored once: the retries
 * channel-service asks WHAPI for are what makes a bad minute of ours lose nothing.
 */
@ChannelTest
class WebhooksRetriedByWhapiTest {

    @AfterEach
    void removeTheFault() {
        DB.execute("drop trigger if exists fail_first_insert on channel_message");
        DB.execute("drop function if exists fail_first_insert()");
        DB.execute("drop sequence if exists fail_first_insert_seq");
    }

    @Test
    void anInboundMessageOurDatabaseFailedOnceIsStoredOnceFromWhapisRetry() {
        String channel = linkedChannel(newCustomer(), 1);
        String whapiId = "wamid-retried-" + UUID.randomUUID();
        // the first insert of this message fails (a sequence, unlike a table, keeps its count through the rollback)
        DB.execute("create sequence fail_first_insert_seq");
        DB.execute("create function fail_first_insert() returns trigger language plpgsql as $$ begin "
                + "if new.whapi_message_id = '" + whapiId + "' and nextval('fail_first_insert_seq') = 1 then "
                + "raise exception 'injected: the database failed this insert'; end if; return new; end $$");
        DB.execute("create trigger fail_first_insert before insert on channel_message for each row execute function fail_first_insert()");

        sandbox().body(Map.of("id", whapiId, "from", "6281277770001", "text", "Is anyone there?"))
                .post("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/inbound").then().statusCode(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from channel_message where whapi_message_id = '"
                + whapiId + "'") == 1);
        List<Map<String, Object>> attempts = sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/webhook-deliveries")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.type == 'messages' }");
        assertEquals(2, attempts.size(), attempts.toString());
        assertTrue((Integer) attempts.get(0).get("status") >= 500, "the failed store was answered 5xx: " + attempts.get(0));
        assertEquals(List.of(1, 2), attempts.stream().map(a -> a.get("attempt")).toList());
        assertEquals(200, attempts.get(1).get("status"));
        await().atMost(Duration.ofSeconds(10)).until(() -> channelEvents(ChannelMessageReceived.TYPE, channel).size() == 1);
        assertEquals(1L, DB.number("select count(*) from outbox_event where type = '" + ChannelMessageReceived.TYPE
                + "' and aggregateid = '" + channel + "'"), "one event for the message");
    }
}
