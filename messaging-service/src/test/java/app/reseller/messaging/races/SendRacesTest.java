package app.reseller.messaging.races;

import app.reseller.infra.Race;
import app.reseller.messaging.MessagingTest;
import app.reseller.messaging.MessagingTestResource;
import app.reseller.messaging.client.WappinAnswer;
import app.reseller.messaging.service.MessageSender;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The race-and-fault suite for outbound messages: two senders holding the same queued
 * notification (a lease taken over), and a Wappin status callback racing the send's own commit.
 */
@MessagingTest
class SendRacesTest {

    private static final int ROUNDS = 20;

    @Inject
    MessageSender sender;

    /** Two replicas deliver one queued notification at once: Wappin is asked once, "send started" is the fence. */
    @Test
    void aQueuedNotificationHeldByTwoSendersIsSentOnce() {
        for (int round = 0; round < ROUNDS; round++) {
            UUID id = queuedNotification();
            AtomicInteger calls = new AtomicInteger();
            String wappinId = "race-" + UUID.randomUUID();
            Callable<Object> deliver = () -> await(() -> sender.deliver(id, (bearer, credentials) -> {
                calls.incrementAndGet();
                return Uni.createFrom().item(new WappinAnswer("200", "ok", null, wappinId));
            }, null));
            List<Race.Outcome<Object>> outcomes = Race.run(List.of(deliver, deliver));
            for (Race.Outcome<Object> o : outcomes) {
                assertEquals(null, o.failure(), "round " + round);
            }
            assertEquals(1, calls.get(), "round " + round + ": Wappin was asked once");
            assertEquals(List.of("ACCEPTED"), DB.strings("select status from outbound_message where id = '" + id + "'"));
            assertEquals(1, DB.number("select attempts from outbound_message where id = '" + id + "'"));
        }
    }

    /**
     * Wappin's "delivered" callback racing the commit of the send that learns Wappin's message id:
     * whichever commits first, the status ends on the message's timeline (it was stored as
     * unknown and never linked before).
     */
    @Test
    void aStatusCallbackFasterThanTheSendsCommitIsLinkedToItsMessage() {
        for (int round = 0; round < ROUNDS; round++) {
            UUID id = queuedNotification();
            String wappinId = "early-" + UUID.randomUUID();
            Callable<Object> send = () -> await(() -> sender.deliver(id, (bearer, credentials) ->
                    Uni.createFrom().item(new WappinAnswer("200", "ok", null, wappinId)), null));
            Callable<Object> callback = () -> given().contentType("application/json")
                    .header("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                    .body(Map.of("message_id", wappinId, "client_id", "sandbox-client", "project_id", "52",
                            "sender_number", "6281222222222", "status_messages", "delivered", "message_content", "-",
                            "environment", "PRODUCTION", "timestamp", String.valueOf(System.currentTimeMillis() / 1000),
                            "callback_type", "status"))
                    .post("/callbacks/wappin").then().statusCode(200).extract().asString();
            // the callback first in even rounds, both at once in odd ones
            if (round % 2 == 0) {
                Race.run(List.of(callback));
                Race.run(List.of(send));
            } else {
                Race.run(List.of(send, callback));
            }
            assertEquals(1, DB.number("select count(*) from message_status where message_id = '" + id + "' and status = 'DELIVERED'"),
                    "round " + round + ": the early DELIVERED is on the message's timeline");
            assertEquals(List.of("DELIVERED"), DB.strings("select status from outbound_message where id = '" + id + "'"),
                    "round " + round);
            assertEquals(1, DB.number("select count(*) from outbox_event where type = 'messaging.MessageStatusChanged.v1' "
                    + "and aggregateid = '" + id + "' and payload->>'status' = 'DELIVERED'"), "round " + round + ": one event for it");
        }
    }

    private static UUID queuedNotification() {
        UUID id = UUID.randomUUID();
        DB.execute("insert into outbound_message (id, customer_id, recipient, kind, template, params, status, source_event_id, "
                + "next_attempt_at) values ('" + id + "', 'race-customer', '6281222222222', 'NOTIFICATION', 'templ_uat_2', "
                + "'{\"1\": \"Budi\", \"2\": \"30 days\"}', 'PENDING', '" + UUID.randomUUID() + "', now() + interval '1 hour')");
        return id;
    }

    private static <T> T await(java.util.function.Supplier<Uni<T>> call) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            throw new Exception(t);
        }
    }
}
