package app.reseller.messaging.webhooks;

import app.reseller.infra.TestClock;
import app.reseller.messaging.MessagingTest;
import app.reseller.messaging.WebhookDelivery.Attempt;
import app.reseller.messaging.repository.WebhookDeliveryRepository;
import app.reseller.messaging.repository.WebhookDeliveryRepository.Claimed;
import app.reseller.messaging.repository.WebhookDeliveryRepository.Outcome;
import app.reseller.messaging.repository.WebhookDeliveryRepository.Recording;
import app.reseller.platform.events.contract.BillingEvents.BalanceLow;
import app.reseller.platform.events.contract.MessagingEvents.WebhookEndpointDisabled;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusMock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher records the outcomes of attempts that end together in one transaction. Within a group,
 * an outcome whose claim was taken over changes nothing but the log, and the others still apply; the
 * endpoints' effects (a 410 disabling one, a failure starting a streak, a success ending one) are each
 * endpoint's own, whatever the group holds beside them.
 */
@MessagingTest
class WebhookOutcomesInGroupsTest {

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    MeterRegistry metrics;

    @Test
    void aGroupAppliesTheOutcomesWhoseClaimsHoldAndLogsEveryAttempt() {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        String customer = newCustomer();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String receiver = newReceiver();
            answer(receiver, 204, 0, 0);
            endpoints.add(register(customer, receiver, List.of("balance.low")).id());
        }
        String in = "('" + String.join("','", endpoints) + "')";
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from webhook_delivery where status = 'DELIVERED'"
                + " and endpoint_id in " + in) == 3);
        // pending again, due only for a worker an hour ahead of the scheduled dispatcher's clock
        DB.execute("update webhook_delivery set status = 'PENDING', next_attempt_at = now() + interval '30 minutes', delivered_at = null"
                + " where endpoint_id in " + in);
        Instant now = clock.instant().plusSeconds(3600);
        UUID worker = UUID.randomUUID();
        List<Claimed> claimed = new ArrayList<>(deliveries.claim(now, now.plusSeconds(40), worker, 10).await().atMost(Duration.ofSeconds(5))
                .stream().filter(c -> endpoints.contains(c.endpointId().toString())).toList());
        claimed.sort(Comparator.comparing(c -> endpoints.indexOf(c.endpointId().toString())));
        assertEquals(3, claimed.size());
        // the first one's claim is taken over meanwhile (its lease expired, another worker holds it now)
        DB.execute("update webhook_delivery set lease_token = gen_random_uuid() where id = '" + claimed.get(0).id() + "'");

        List<Recording> group = claimed.stream().map(c -> new Recording(c, worker, new Outcome("DELIVERED", null, now,
                new Attempt(c.attempt(), now, 204, 3, "", null, null)))).toList();
        List<Boolean> applied = deliveries.pool().withTransaction(tx -> deliveries.recordAll(tx, group)).await().atMost(Duration.ofSeconds(5));

        assertEquals(List.of(false, true, true), applied);
        assertEquals(List.of("PENDING", "DELIVERED", "DELIVERED"), endpoints.stream().map(e -> DB.strings(
                "select status from webhook_delivery where endpoint_id = '" + e + "'").get(0)).toList());
        assertEquals(List.of("2", "2", "2"), endpoints.stream().map(e -> DB.strings("select count(*)::text from webhook_attempt a"
                + " join webhook_delivery d on d.id = a.delivery_id where d.endpoint_id = '" + e + "'").get(0)).toList(),
                "every attempt logged, the taken-over one too");
        assertEquals(List.of("1"), DB.strings("select count(*)::text from webhook_delivery where lease_token is not null and endpoint_id in " + in),
                "only the taken-over claim still holds");
    }

    @Test
    void endpointsThatAnswerDifferentlyAtOnceEachGetTheirOwnEffect() {
        String customer = newCustomer();
        int[] answers = {204, 410, 500, 204, 204, 500};
        List<String> receivers = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        for (int answer : answers) {
            String receiver = newReceiver();
            answer(receiver, answer, 0, 0);
            receivers.add(receiver);
            endpoints.add(register(customer, receiver, List.of("balance.low")).id());
        }
        // two of the endpoints that will answer 204 had been failing: their success ends the streak
        DB.execute("update webhook_endpoint set failing_since = now() - interval '1 hour' where id in ('" + endpoints.get(3) + "', '"
                + endpoints.get(4) + "')");
        var groups = metrics.find("webhooks.outcomes.batch").summary();
        double recordedBefore = groups == null ? 0 : groups.totalAmount();
        publish("billing.events", customer, BalanceLow.TYPE, Map.of("customerId", customer, "balanceDays", 2, "thresholdDays", 5));
        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.stream().allMatch(r -> received(r).size() >= 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> DB.number("select count(*) from webhook_delivery where lease_token is null"
                + " and endpoint_id in ('" + String.join("','", endpoints) + "')") == answers.length);

        for (int i = 0; i < answers.length; i++) {
            String endpoint = endpoints.get(i);
            String state = DB.strings("select e.enabled || '|' || (e.failing_since is not null) || '|' || d.status"
                    + " from webhook_endpoint e join webhook_delivery d on d.endpoint_id = e.id where e.id = '" + endpoint + "'").get(0);
            String expected = switch (answers[i]) {
                case 204 -> "true|false|DELIVERED";
                case 410 -> "false|false|PENDING"; // disabled, kept pending for when its owner enables it again
                default -> "true|true|PENDING";    // failing since now, retried later
            };
            assertEquals(expected, state, "endpoint " + i + " answered " + answers[i]);
            assertEquals(answers[i] == 204 ? 1 : 0, answeredOk(receivers.get(i)).size());
        }
        assertEquals(1L, DB.number("select count(*) from outbox_event where type = '" + WebhookEndpointDisabled.TYPE + "' and aggregateid = '"
                + endpoints.get(1) + "'"), "the 410's endpoint disabled once, its owner told");
        assertTrue(metrics.find("webhooks.outcomes.batch").summary().totalAmount() - recordedBefore >= answers.length,
                "every outcome went through the group commit");
    }
}
