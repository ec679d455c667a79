package app.reseller.messaging.webhooks;

import app.reseller.infra.TestClock;
import app.reseller.messaging.MessagingTest;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageReceived;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageStatusChanged;
import io.quarkus.test.junit.QuarkusMock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.publish;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answer;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answeredOk;
import static app.reseller.messaging.webhooks.WebhookTestSupport.body;
import static app.reseller.messaging.webhooks.WebhookTestSupport.newReceiver;
import static app.reseller.messaging.webhooks.WebhookTestSupport.received;
import static app.reseller.messaging.webhooks.WebhookTestSupport.register;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A channel's webhooks wait in queues narrower than the channel: a chat's messages and one message's
 * statuses are each a queue (only its oldest pending delivery may go), so with the receiver down the
 * heads of two messages' statuses and of two chats are all attempted, and nothing behind a head; once
 * it is back, each queue arrives in its order.
 */
@MessagingTest
class WebhookQueuesTest {

    @Test
    void aChannelsChatsAndMessagesAreQueuesOfTheirOwnEachInItsOrder() {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 503, 0, 0); // down
        register(customer, receiver, List.of("message.received", "message.status"));
        String channel = UUID.randomUUID().toString();
        publish("channel.events", channel, ChannelCreated.TYPE, Map.of("channelId", channel, "customerId", customer, "name", "c", "mode", "LIVE"));

        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        status(channel, customer, a, "SENT");
        status(channel, customer, a, "DELIVERED");
        status(channel, customer, b, "SENT");
        inboundMessage(channel, customer, "chat-1", "one #1");
        inboundMessage(channel, customer, "chat-1", "one #2");
        inboundMessage(channel, customer, "chat-2", "two #1");

        // four queues: a's statuses, b's, chat-1's, chat-2's; their heads fail and back off (the clock stands still),
        // and nothing behind a head is attempted (one queue per channel attempted one delivery here)
        await().atMost(Duration.ofSeconds(20)).during(Duration.ofSeconds(3)).until(() -> attempted(receiver) == 4);
        assertEquals(java.util.stream.Stream.of("SENT:" + a, "SENT:" + b, "one #1", "two #1").sorted().toList(),
                received(receiver).stream().map(WebhookQueuesTest::what).distinct().sorted().toList(), "the heads of the four queues");

        answer(receiver, 204, 0, 0); // back up
        clock.advance(Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> answeredOk(receiver).size() == 6);
        List<String> arrived = answeredOk(receiver).stream().map(WebhookQueuesTest::what).toList();
        assertEquals(6, arrived.stream().distinct().count(), "each once: " + arrived);
        assertEquals(List.of("SENT:" + a, "DELIVERED:" + a), arrived.stream().filter(w -> w.endsWith(a.toString())).toList(),
                "one message's statuses in order");
        assertEquals(List.of("one #1", "one #2"), arrived.stream().filter(w -> w.startsWith("one")).toList(), "a chat's messages in order");
    }

    private static long attempted(String receiver) {
        return received(receiver).stream().map(r -> r.get("webhookId")).distinct().count();
    }

    private static String what(Map<String, Object> delivery) {
        var data = body(delivery);
        return "message.status".equals(data.getString("type")) ? data.getString("data.status") + ":" + data.getString("data.messageId")
                : data.getString("data.body");
    }

    private static void status(String channel, String customer, UUID message, String status) {
        publish("channel.events", channel, ChannelMessageStatusChanged.TYPE, Map.of("messageId", message, "channelId", channel,
                "customerId", customer, "whapiMessageId", "w-" + message, "status", status, "currentStatus", status,
                "at", Instant.now().toString()));
    }

    private static void inboundMessage(String channel, String customer, String chat, String text) {
        publish("channel.events", channel, ChannelMessageReceived.TYPE, Map.of("messageId", UUID.randomUUID(), "channelId", channel,
                "customerId", customer, "chatId", chat + "@s.whatsapp.net", "kind", "text", "body", text,
                "whapiMessageId", "w-" + UUID.randomUUID(), "at", Instant.now().toString()));
    }
}
