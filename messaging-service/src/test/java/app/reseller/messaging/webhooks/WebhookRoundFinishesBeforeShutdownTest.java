package app.reseller.messaging.webhooks;

import app.reseller.messaging.MessagingTest;
import app.reseller.platform.events.WorkInFlight;
import app.reseller.platform.events.contract.BillingEvents.BalanceLow;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.messaging.MessagingTestSupport.publish;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answer;
import static app.reseller.messaging.webhooks.WebhookTestSupport.newReceiver;
import static app.reseller.messaging.webhooks.WebhookTestSupport.received;
import static app.reseller.messaging.webhooks.WebhookTestSupport.register;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod stopping while a webhook round is under way (the receiver takes 2 s to answer): the shutdown waits for the
 * round, so the outcome is stored before the pool closes. Before, the round failed with "Pool closed" after the
 * post: the receiver had the event, the row still said PENDING under a claim, and it was sent again when the claim
 * expired (PodStopsItsJobsFirstTest caught the WARN in CI). Its own app: finishing ends the app's background work.
 */
@MessagingTest
@TestProfile(WebhookRoundFinishesBeforeShutdownTest.OwnApp.class)
class WebhookRoundFinishesBeforeShutdownTest {

    public static class OwnApp implements QuarkusTestProfile {
    }

    @Inject
    WorkInFlight work;

    @Test
    void theRoundUnderWayStoresItsOutcomeBeforeTheShutdownGoesOnAndNoRoundStartsAfter() throws Exception {
        String customer = newCustomer();
        String receiver = newReceiver();
        var endpoint = register(customer, receiver, List.of("balance.low"));
        answer(receiver, 204, 2_000, 0);
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        String ofTheEndpoint = " from webhook_delivery where endpoint_id = '" + endpoint.id() + "'";
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*)" + ofTheEndpoint + " and lease_token is not null"
                + " and status = 'PENDING'") == 1);

        // what a shutdown does once the scheduler is paused (JobsStopAtShutdown): the round is posting now
        CompletableFuture<Boolean> finished = CompletableFuture.supplyAsync(() -> work.finish(Duration.ofSeconds(30)));
        assertTrue(finished.get(30, TimeUnit.SECONDS), "the round ended within the patience");
        assertEquals(List.of("DELIVERED 1"), DB.strings("select status || ' ' || attempts" + ofTheEndpoint),
                "the outcome was stored before the shutdown went on");

        // the consumer still stores the next event's delivery; no round starts to send it
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 1, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*)" + ofTheEndpoint) == 2);
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() ->
                DB.number("select count(*)" + ofTheEndpoint + " and status = 'PENDING' and attempts = 0") == 1
                        && received(receiver).size() == 1);
    }
}
