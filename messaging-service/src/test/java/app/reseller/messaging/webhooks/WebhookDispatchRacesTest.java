package app.reseller.messaging.webhooks;

import app.reseller.infra.TestClock;
import app.reseller.messaging.MessagingTest;
import app.reseller.messaging.WebhookDelivery.Attempt;
import app.reseller.messaging.repository.WebhookDeliveryRepository;
import app.reseller.messaging.repository.WebhookDeliveryRepository.Outcome;
import app.reseller.messaging.service.WebhookDispatcher;
import app.reseller.platform.events.contract.BillingEvents.BalanceLow;
import io.quarkus.test.junit.QuarkusMock;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.messaging.MessagingTestSupport.publish;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answer;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answeredOk;
import static app.reseller.messaging.webhooks.WebhookTestSupport.newReceiver;
import static app.reseller.messaging.webhooks.WebhookTestSupport.received;
import static app.reseller.messaging.webhooks.WebhookTestSupport.register;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Dispatchers racing on the real database, and a claim that outlives its worker. */
@MessagingTest
class WebhookDispatchRacesTest {

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    WebhookDeliveryRepository deliveries;

    @Test
    void manyDispatchersRacingSendEachDeliveryOnceAndInOrder() {
        for (int round = 0; round < 5; round++) {
            String customer = newCustomer();
            String receiver = newReceiver();
            register(customer, receiver, List.of("balance.low"));
            answer(receiver, 204, 30, 0); // a little slow, so claims overlap
            for (int days = 20; days >= 1; days--) {
                publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", days, "thresholdDays", 25));
            }
            // six more dispatchers beside the scheduled one, each polling as fast as it can
            List<Uni<Integer>> racers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                racers.add(Uni.createFrom().voidItem().chain(() -> dispatcher.dispatchDue()).repeat().atMost(200)
                        .collect().with(java.util.stream.Collectors.summingInt(n -> n)));
            }
            Uni.join().all(racers).andFailFast().await().atMost(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> answeredOk(receiver).size() >= 20);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> received(receiver).size() == 20);
            List<Integer> order = received(receiver).stream().map(r -> WebhookTestSupport.body(r).getInt("data.balanceDays")).toList();
            assertEquals(java.util.stream.IntStream.iterate(20, d -> d - 1).limit(20).boxed().toList(), order,
                    "round " + round + ": each once, in the customer's order");
        }
    }

    @Test
    void aClaimThatOutlivesItsWorkerIsTakenOverAndTheStaleOutcomeChangesNothing() {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        String customer = newCustomer();
        String receiver = newReceiver();
        var endpoint = register(customer, receiver, List.of("balance.low"));
        answer(receiver, 204, 0, 0);
        // a worker claims the delivery and dies before it posts (its lease is what the dispatcher would take)
        Instant now = clock.instant().plusSeconds(3600);
        UUID deadWorker = UUID.randomUUID();
        List<WebhookDeliveryRepository.Claimed> claimedByTheDead = new ArrayList<>();
        // the scheduled dispatcher must not get it first: its clock is an hour behind the dead worker's claim
        publishAndWaitForDelivery(customer, endpoint.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 1);
        DB.execute("update webhook_delivery set status = 'PENDING', next_attempt_at = now() + interval '30 minutes', delivered_at = null"
                + " where endpoint_id = '" + endpoint.id() + "'");
        claimedByTheDead.addAll(deliveries.claim(now, now.plusSeconds(40), deadWorker, 10).await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, claimedByTheDead.size());

        // while the claim holds, nobody else sends it
        clock.advance(Duration.ofMinutes(60));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> received(receiver).size() == 1);
        // the claim expires: the dispatcher takes it over and delivers it, with the same webhook-id
        clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 2);
        assertEquals(received(receiver).get(0).get("webhookId"), received(receiver).get(1).get("webhookId"));

        // the dead worker wakes up and reports a failure: refused by its token, the delivery stays DELIVERED
        var stale = claimedByTheDead.get(0);
        boolean applied = deliveries.pool().withTransaction(tx -> deliveries.record(tx, stale, deadWorker,
                        new Outcome("PENDING", now.plusSeconds(5), null, new Attempt(stale.attempt(), now, 500, 10, "late", "answered 500",
                                now.plusSeconds(5)))))
                .await().atMost(Duration.ofSeconds(5));
        assertFalse(applied);
        assertEquals(List.of("DELIVERED"), DB.strings("select status from webhook_delivery where id = '" + stale.id() + "'"));
    }

    @Test
    void aRedeliveryAskedForWhileAnAttemptIsUnderWayIsNotSwallowedByThatAttempt() {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        String customer = newCustomer();
        String receiver = newReceiver();
        var endpoint = register(customer, receiver, List.of("balance.low"));
        publishAndWaitForDelivery(customer, endpoint.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 1);
        String deliveryId = DB.strings("select id::text from webhook_delivery where endpoint_id = '" + endpoint.id() + "'").get(0);
        // an attempt is under way (a worker holds the claim) when the owner asks for a redelivery
        // (due only for the worker's clock, an hour ahead, so the scheduled dispatcher does not take it first)
        DB.execute("update webhook_delivery set status = 'PENDING', next_attempt_at = now() + interval '30 minutes', delivered_at = null"
                + " where id = '" + deliveryId + "'");
        Instant now = clock.instant().plusSeconds(3600);
        UUID worker = UUID.randomUUID();
        var inFlight = deliveries.claim(now, now.plusSeconds(40), worker, 10).await().atMost(Duration.ofSeconds(5));
        assertEquals(1, inFlight.size());
        app.reseller.infra.TestCallers.asCustomer(customer).post("/webhook-endpoints/" + endpoint.id() + "/deliveries/" + deliveryId + "/redeliver").then().statusCode(202);
        // the attempt under way answers 2xx: logged, but the redelivery still stands
        boolean applied = deliveries.pool().withTransaction(tx -> deliveries.record(tx, inFlight.get(0), worker,
                        new Outcome("DELIVERED", null, now, new Attempt(inFlight.get(0).attempt(), now, 204, 5, "", null, null))))
                .await().atMost(Duration.ofSeconds(5));
        assertFalse(applied);
        assertEquals(List.of("PENDING"), DB.strings("select status from webhook_delivery where id = '" + deliveryId + "'"));
        // nobody sends it while the claim holds; once it expires, the redelivery goes out
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> received(receiver).size() == 1);
        clock.advance(Duration.ofSeconds(3645));
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredOk(receiver).size() == 2);
        assertEquals(received(receiver).get(0).get("webhookId"), received(receiver).get(1).get("webhookId"));
    }

    @Test
    void registrationsRacingAtTheEndpointLimitPassExactlyUpToIt() throws Exception {
        for (int round = 0; round < 5; round++) {
            String customer = newCustomer();
            List<java.util.concurrent.Callable<Integer>> registrations = new ArrayList<>();
            for (int i = 0; i < 14; i++) {
                String receiver = newReceiver();
                registrations.add(() -> app.reseller.infra.TestCallers.asCustomer(customer)
                        .body(Map.of("url", WebhookTestSupport.receiverUrl(receiver), "eventTypes", List.of("balance.low")))
                        .post("/webhook-endpoints").then().extract().statusCode());
            }
            List<Integer> statuses = app.reseller.infra.Race.run(registrations).stream().map(o -> o.value()).toList();
            assertEquals(10, statuses.stream().filter(s -> s == 201).count(), "round " + round + ": " + statuses);
            assertEquals(4, statuses.stream().filter(s -> s == 409).count(), "round " + round + ": " + statuses);
            assertEquals(10L, DB.number("select count(*) from webhook_endpoint where customer_id = '" + customer + "'"));
        }
    }

    private static void publishAndWaitForDelivery(String customer, String endpointId) {
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from webhook_delivery where endpoint_id = '"
                + endpointId + "'") == 1);
    }
}
