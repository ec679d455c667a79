package app.reseller.messaging.webhooks;

import app.reseller.infra.TestClock;
import app.reseller.infra.TestEvents;
import app.reseller.messaging.MessagingTest;
import app.reseller.platform.events.contract.BillingEvents.BalanceLow;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageReceived;
import app.reseller.platform.events.contract.MessagingEvents.WebhookEndpointDisabled;
import io.quarkus.test.junit.QuarkusMock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.messaging.MessagingTestSupport.publish;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answer;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answeredOk;
import static app.reseller.messaging.webhooks.WebhookTestSupport.body;
import static app.reseller.messaging.webhooks.WebhookTestSupport.newReceiver;
import static app.reseller.messaging.webhooks.WebhookTestSupport.received;
import static app.reseller.messaging.webhooks.WebhookTestSupport.register;
import static app.reseller.messaging.webhooks.WebhookTestSupport.verifies;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed deliveries from platform events on the real broker and database, to the sandbox's
 * receiver: a receiver that is down, one that is gone (410), and every topic replayed.
 */
@MessagingTest
class WebhookDeliveryTest {

    @Test
    void aReceiverDownForTwoMinutesGetsEveryDeliveryAfterwardsInOrderPerAggregateNoneTwice() {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 503, 0, 0); // down
        var endpoint = register(customer, receiver, List.of("message.received"));

        // three channels, four messages each, interleaved; each channel's order is its aggregate's order
        List<String> channels = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        for (String channel : channels) {
            publish("channel.events", channel, ChannelCreated.TYPE,
                    Map.of("channelId", channel, "customerId", customer, "name", "c", "mode", "LIVE"));
        }
        Map<String, List<String>> sentOrder = new LinkedHashMap<>();
        for (int n = 1; n <= 4; n++) {
            for (String channel : channels) {
                String text = channel.substring(0, 8) + "#" + n;
                messageReceived(channel, customer, text);
                sentOrder.computeIfAbsent(channel, c -> new ArrayList<>()).add(text);
            }
        }
        // the heads of the three queues are attempted and fail; nothing behind them goes out
        await().atMost(Duration.ofSeconds(20)).until(() -> received(receiver).size() >= 3);

        // two minutes of the platform's clock pass with the receiver down: retries back off
        for (int step = 0; step < 8; step++) {
            clock.advance(Duration.ofSeconds(15));
            Instant now = clock.instant();
            // every head that is due by the moved clock has been attempted again (and backed off further)
            await().atMost(Duration.ofSeconds(10)).until(() -> DB.number("select count(*) from webhook_delivery where endpoint_id = '"
                    + endpoint.id() + "' and status = 'PENDING' and attempts > 0 and next_attempt_at <= '" + now + "'") == 0);
        }
        long failedAttempts = received(receiver).size();
        assertTrue(received(receiver).stream().allMatch(r -> ((Integer) r.get("answered")) == 503));

        answer(receiver, 204, 0, 0); // back up
        clock.advance(Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> answeredOk(receiver).size() == 12);

        var ok = answeredOk(receiver);
        assertEquals(12, ok.stream().map(r -> r.get("webhookId")).distinct().count(), "every delivery once: none twice");
        // in order per aggregate, counting every attempt, failed or not: nothing overtook its head
        Map<String, List<String>> arrivalOrder = new HashMap<>();
        for (var delivery : received(receiver)) {
            var data = body(delivery);
            List<String> seen = arrivalOrder.computeIfAbsent(data.getString("data.channelId"), c -> new ArrayList<>());
            String text = data.getString("data.body");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(text)) {
                seen.add(text);
            }
        }
        assertEquals(sentOrder, arrivalOrder);
        // a retry is the same delivery: the same webhook-id, and every attempt signed
        Set<Object> okIds = ok.stream().map(r -> r.get("webhookId")).collect(Collectors.toSet());
        assertTrue(received(receiver).stream().allMatch(r -> okIds.contains(r.get("webhookId"))));
        assertTrue(received(receiver).stream().allMatch(r -> verifies(endpoint.secret(), r)), "every attempt verifies");
        assertTrue(failedAttempts >= 3 * 4, "each head was retried while down (" + failedAttempts + " failed attempts)");
        assertEquals("message.received", body(ok.get(0)).getString("type"));

        // the log shows it: attempts with 503, then the 204
        String deliveryId = asCustomer(customer).get("/webhook-endpoints/" + endpoint.id() + "/deliveries?status=DELIVERED")
                .then().statusCode(200).body("size()", is(12)).extract().path("[11].id");
        asCustomer(customer).get("/webhook-endpoints/" + endpoint.id() + "/deliveries/" + deliveryId).then().statusCode(200)
                .body("log.statusCode", hasItem(503)).body("log[-1].statusCode", is(204)).body("status", is("DELIVERED"));
    }

    @Test
    void aDepletedBalanceReachesTheEndpointsThatFollowIt() {
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 204, 0, 0);
        register(customer, receiver, List.of("balance.depleted"));
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 0, "thresholdDays", 1));
        publish("billing.events", customer, app.reseller.platform.events.contract.BillingEvents.BalanceDepleted.TYPE,
                Map.of("customerId", customer, "transferId", 42));
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 1);
        String body = String.valueOf(received(receiver).get(0).get("body"));
        assertTrue(body.contains("\"type\":\"balance.depleted\"") && body.contains("\"transferId\":42"), body);
        // balance.low was not asked for: never delivered
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> received(receiver).size() == 1);
    }

    /** The grace policy's steps reach the customer's systems, each as its own type, in the customer's order. */
    @Test
    void theGracePolicysStepsReachTheEndpointsThatFollowThem() {
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 204, 0, 0);
        register(customer, receiver, List.of("subscription.grace", "subscription.suspended", "subscription.restored", "subscription.ended"));
        String subscription = UUID.randomUUID().toString();
        publish("billing.events", customer, app.reseller.platform.events.contract.BillingEvents.SubscriptionLapsed.TYPE,
                Map.of("customerId", customer, "subscriptionId", subscription, "lapsedAt", "2027-01-01T00:00:00Z", "suspendsAt", "2027-01-08T00:00:00Z"));
        publish("billing.events", customer, app.reseller.platform.events.contract.BillingEvents.SubscriptionSuspended.TYPE,
                Map.of("customerId", customer, "subscriptionId", subscription, "endsAt", "2027-01-31T00:00:00Z"));
        publish("billing.events", customer, app.reseller.platform.events.contract.BillingEvents.SubscriptionRestored.TYPE,
                Map.of("customerId", customer, "subscriptionId", subscription, "from", "SUSPENDED", "currentPeriodEnd", "2027-02-20T00:00:00Z"));
        publish("billing.events", customer, app.reseller.platform.events.contract.BillingEvents.SubscriptionEnded.TYPE,
                Map.of("customerId", customer, "subscriptionId", subscription, "status", "EXPIRED",
                        "reason", app.reseller.platform.events.contract.BillingEvents.SubscriptionEnded.UNPAID));
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 4);
        assertEquals(List.of("subscription.grace", "subscription.suspended", "subscription.restored", "subscription.ended"),
                answeredOk(receiver).stream().map(r -> body(r).getString("type")).toList(), "in the customer's order");
        assertEquals("2027-01-08T00:00:00Z", body(answeredOk(receiver).get(0)).getString("data.suspendsAt"));
    }

    @Test
    void aChannelCreatedPausedAndResumedReachesTheEndpointsThatFollowThat() {
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 204, 0, 0);
        register(customer, receiver, List.of("channel.created", "channel.paused", "channel.resumed"));
        String channel = UUID.randomUUID().toString();
        publish("channel.events", channel, ChannelCreated.TYPE, Map.of("channelId", channel, "customerId", customer, "name", "seasonal",
                "mode", "TRIAL"));
        publish("channel.events", channel, app.reseller.platform.events.contract.ChannelEvents.ChannelPaused.TYPE,
                Map.of("channelId", channel, "customerId", customer, "savedDays", 12));
        publish("channel.events", channel, app.reseller.platform.events.contract.ChannelEvents.ChannelResumed.TYPE,
                Map.of("channelId", channel, "customerId", customer));
        messageReceived(channel, customer, "not asked for");
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 3);
        List<String> types = answeredOk(receiver).stream().map(r -> body(r).getString("type")).toList();
        assertEquals(List.of("channel.created", "channel.paused", "channel.resumed"), types, "in the channel's order");
        assertEquals(12, body(answeredOk(receiver).get(1)).getInt("data.savedDays"));
        // message.received was not asked for: never delivered
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> received(receiver).size() == 3);
    }

    @Test
    void a410DisablesTheEndpointAndItsOwnerIsTold() {
        asAdmin().body(Map.of("template", "templ_uat_2", "params", List.of("{url}", "{reason}")))
                .put("/admin/notification-rules/WebhookEndpointDisabled").then().statusCode(200);
        String customer = newCustomer();
        asCustomer(customer).body(Map.of("phone", "0812-5555-4444")).put("/customers/" + customer + "/contact").then().statusCode(200);
        String receiver = newReceiver();
        answer(receiver, 410, 0, 0);
        var endpoint = register(customer, receiver, List.of("balance.low"));

        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> !asCustomer(customer).get("/webhook-endpoints/" + endpoint.id())
                .then().extract().jsonPath().getBoolean("enabled"));
        asCustomer(customer).get("/webhook-endpoints/" + endpoint.id()).then().body("disabledReason", is("the endpoint answered 410 Gone"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestEvents.records("messaging.endpoint-events", WebhookEndpointDisabled.TYPE,
                endpoint.id()).isEmpty());
        // the owner's notification is queued to its number, from that event (sending it is the notification dispatcher's part)
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from outbound_message where customer_id = '"
                + customer + "' and recipient = '6281255554444' and kind = 'NOTIFICATION' and params::text like '%answered 410 Gone%'"
                + " and source_event_id is not null") == 1);

        // later events are kept (SKIPPED, replayable) and not sent
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 1, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from webhook_delivery where endpoint_id = '"
                + endpoint.id() + "' and status = 'SKIPPED'") == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> received(receiver).size() == 1);

        // enabled again, it goes on with the pending one
        answer(receiver, 204, 0, 0);
        asCustomer(customer).body(Map.of("enabled", true)).patch("/webhook-endpoints/" + endpoint.id()).then().statusCode(200)
                .body("enabled", is(true)).body("disabledReason", org.hamcrest.Matchers.nullValue());
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 1);
        assertEquals(received(receiver).get(0).get("webhookId"), answeredOk(receiver).get(0).get("webhookId"));
    }

    @Test
    void anEndpointFailingForTheConfiguredTimeIsDisabledAndItsDeliveryGivenUp() {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 500, 0, 0);
        var endpoint = register(customer, receiver, List.of("balance.low"));
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> received(receiver).size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> asCustomer(customer).get("/webhook-endpoints/" + endpoint.id())
                .then().extract().path("failingSince") != null);

        clock.advance(Duration.ofHours(73)); // past give-up-after (24 h) and disable-after (72 h)
        await().atMost(Duration.ofSeconds(20)).until(() -> !asCustomer(customer).get("/webhook-endpoints/" + endpoint.id())
                .then().extract().jsonPath().getBoolean("enabled"));
        asCustomer(customer).get("/webhook-endpoints/" + endpoint.id()).then()
                .body("disabledReason", org.hamcrest.Matchers.startsWith("the endpoint failed every attempt since"));
        asCustomer(customer).get("/webhook-endpoints/" + endpoint.id() + "/deliveries").then()
                .body("[0].status", is("FAILED")).body("[0].lastError", org.hamcrest.Matchers.containsString("given up"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !TestEvents.records("messaging.endpoint-events", WebhookEndpointDisabled.TYPE,
                endpoint.id()).isEmpty());
        assertEquals(2, received(receiver).size(), "one attempt when it came, one when it was due again");
    }

    @Test
    void aReceiverThatAnswersTooLateGetsTheSameDeliveryAgainAndTheLogSaysWhy() {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 204, 5_000, 1); // the first delivery is answered after 5 s: past messaging.webhooks.timeout (3 s in tests)
        var endpoint = register(customer, receiver, List.of("balance.low"));
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from webhook_attempt a join webhook_delivery d"
                + " on d.id = a.delivery_id where d.endpoint_id = '" + endpoint.id() + "'") == 1);
        String path = "/webhook-endpoints/" + endpoint.id() + "/deliveries";
        String deliveryId = asCustomer(customer).get(path).then().statusCode(200).body("[0].status", is("PENDING")).extract().path("[0].id");
        asCustomer(customer).get(path + "/" + deliveryId).then().body("log[0].error", is("no answer in time"))
                .body("log[0].statusCode", org.hamcrest.Matchers.nullValue());

        clock.advance(Duration.ofSeconds(10)); // the first retry is due (5 s, with jitter)
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(asCustomer(customer).get(path + "/" + deliveryId)
                .then().extract().path("status")));
        // it had reached the receiver the first time too: at least once, and the receiver recognises the repeat by its webhook-id
        assertEquals(2, received(receiver).size());
        assertEquals(received(receiver).get(0).get("webhookId"), received(receiver).get(1).get("webhookId"));
        assertEquals(received(receiver).get(0).get("body"), received(receiver).get(1).get("body"), "the same bytes");
    }

    @Test
    void replayingEveryTopicSendsNothingNew() {
        String customer = newCustomer();
        String receiver = newReceiver();
        register(customer, receiver, List.of("message.received", "balance.low", "channel.extended"));
        String channel = UUID.randomUUID().toString();
        publish("channel.events", channel, ChannelCreated.TYPE, Map.of("channelId", channel, "customerId", customer, "name", "c",
                "mode", "LIVE"));
        messageReceived(channel, customer, "hello");
        publish("channel.events", channel, "channel.ChannelExtended.v1",
                Map.of("requestId", UUID.randomUUID(), "channelId", channel, "days", 30, "activeTill", Instant.now().toString()));
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 3);

        // the earlier tests' events must have landed first: one still on its way (a disabling's event, relayed after
        // its commit) would be counted as new below. Quiet: nothing left in the outbox, the count still for 3 s
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(-1);
        await().pollInterval(Duration.ofMillis(250)).during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
            long now = DB.number("select count(*) from processed_event");
            return seen.getAndSet(now) == now && DB.number("select count(*) from outbox_event where sent_at is null") == 0;
        });
        long consumedBefore = DB.number("select count(*) from processed_event");
        double duplicatesBefore = duplicatesSeen();
        List<ProducerRecord<String, String>> everything = new ArrayList<>();
        // messaging.events is not among them: no app here reads it (the statuses are there for systems outside)
        for (String topic : List.of("billing.events", "channel.events", "messaging.endpoint-events")) {
            TestEvents.records(topic, r -> true).forEach(r -> everything.add(new ProducerRecord<>(topic, null, r.key(), r.value(),
                    r.headers())));
        }
        everything.forEach(TestEvents::send);
        // every replayed record its consumer acts on was recognised as processed (a type messaging.endpoint-events
        // may carry one day other than WebhookEndpointDisabled would be acknowledged unread), and nothing was sent again
        // (a record an earlier test had dead-lettered, e.g. one whose data does not read, was never applied: replayed, it
        // goes to the dead-letter topic again, it is not a duplicate)
        java.util.Set<String> deadLettered = new java.util.HashSet<>();
        for (String topic : List.of("billing.events", "channel.events", "messaging.endpoint-events")) {
            TestEvents.records(topic + ".messaging-dlq", r -> true).forEach(r -> deadLettered.add(TestEvents.header(r, "ce_id")));
        }
        long recognisable = everything.stream().filter(r -> !deadLettered.contains(header(r, "ce_id")))
                .filter(r -> !r.topic().equals("messaging.endpoint-events")
                        || WebhookEndpointDisabled.TYPE.equals(header(r, "ce_type"))).count();
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicatesSeen() - duplicatesBefore >= recognisable);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> received(receiver).size() == 3);
        assertEquals(consumedBefore, DB.number("select count(*) from processed_event"), "no replayed event was new");
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static double duplicatesSeen() {
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("events_consumed_total\\{consumer=\"messaging\\.[a-z-]+\",outcome=\"duplicate\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    static void messageReceived(String channel, String customer, String text) {
        publish("channel.events", channel, ChannelMessageReceived.TYPE, Map.of("messageId", UUID.randomUUID(), "channelId", channel,
                "customerId", customer, "chatId", "6281200000000@s.whatsapp.net", "kind", "text", "body", text,
                "whapiMessageId", "w-" + UUID.randomUUID(), "at", Instant.now().toString()));
    }
}
