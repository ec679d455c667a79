package app.reseller.messaging.webhooks;

import app.reseller.messaging.MessagingTest;
import app.reseller.messaging.repository.WebhookDeliveryRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.messaging.webhooks.WebhookTestSupport.answer;
import static app.reseller.messaging.webhooks.WebhookTestSupport.newReceiver;
import static app.reseller.messaging.webhooks.WebhookTestSupport.register;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * webhooks_oldest_due_seconds: how long the longest-waiting due delivery has waited for a dispatcher. Only a
 * due head of its queue that is not in flight counts (what the next claim takes first): not one backing off,
 * not one behind its queue's head, not one in flight, not one to a disabled endpoint.
 */
@MessagingTest
class WebhookBacklogTest {

    private static final Instant IN_1990 = Instant.parse("1990-01-01T00:00:00Z");

    @Inject
    WebhookDeliveryRepository deliveries;

    /**
     * Rows written in a transaction that is rolled back (no dispatcher sees them), due in 1990, read in that
     * transaction as of 1990-01-01T01:00 (when no other test's delivery is due yet): each kind that must not count
     * is older than the one that must.
     */
    @Test
    void onlyADueHeadOfItsQueueNotInFlightCounts() {
        String customer = newCustomer();
        String enabled = register(customer, newReceiver(), List.of("message.status")).id();
        String disabled = register(customer, newReceiver(), List.of("message.status")).id();
        asCustomer(customer).body(java.util.Map.of("enabled", false)).patch("/webhook-endpoints/" + disabled).then().statusCode(200);
        Instant now = IN_1990.plus(Duration.ofHours(1));
        List<String> rows = List.of(
                delivery(enabled, "queue-a", 1, IN_1990, null),                               // the one that counts
                delivery(enabled, "queue-a", 2, IN_1990.minus(Duration.ofDays(1)), null),     // behind queue-a's head
                delivery(enabled, "queue-b", 3, IN_1990.minus(Duration.ofDays(2)), now.plus(Duration.ofMinutes(1))), // in flight
                delivery(enabled, "queue-c", 4, now.plus(Duration.ofMinutes(5)), null),       // backing off: not due yet
                delivery(disabled, "queue-d", 5, IN_1990.minus(Duration.ofDays(3)), null));   // a disabled endpoint's

        List<Optional<Instant>> seen = new java.util.ArrayList<>();
        deliveries.pool().withTransaction(tx -> io.smallrye.mutiny.Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(row -> tx.query(row).execute()).collect().last()
                        .chain(() -> deliveries.oldestDue(tx, now)).invoke(seen::add)
                        .chain(() -> deliveries.oldestDue(tx, IN_1990.minus(Duration.ofDays(4)))).invoke(seen::add)
                        .chain(() -> Uni.createFrom().failure(new RolledBack())))
                .onFailure(RolledBack.class).recoverWithNull().await().atMost(Duration.ofSeconds(10));

        assertEquals(List.of(Optional.of(IN_1990), Optional.empty()), seen, "queue-a's head; and nothing due before them");
    }

    private static final class RolledBack extends RuntimeException {
    }

    /**
     * The gauge as served: while a dispatcher's round waits for a slow receiver, a delivery that became due ten
     * minutes ago (inserted behind the round's back) waits too, and the gauge says so; once it is sent, 0 again.
     */
    @Test
    void theGaugeShowsADueDeliveryWaitingForADispatcher() {
        String customer = newCustomer();
        String receiver = newReceiver();
        answer(receiver, 204, 2_500, 0); // each attempt takes 2.5 s (the tests' timeout is 3 s)
        String endpoint = register(customer, receiver, List.of("message.status")).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> oldestDueSeconds() == 0);

        DB.execute(delivery(endpoint, "queue-a", 1, Instant.now(), null));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                DB.number("select count(*) from webhook_delivery where endpoint_id = '" + endpoint + "' and leased_until is not null") == 1);
        // the round is in flight for 2.5 s: a delivery due for ten minutes now waits for it
        DB.execute(delivery(endpoint, "queue-b", 2, Instant.now().minus(Duration.ofMinutes(10)), null));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> oldestDueSeconds() >= 600);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                DB.number("select count(*) from webhook_delivery where endpoint_id = '" + endpoint + "' and status = 'DELIVERED'") == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> oldestDueSeconds() == 0);
    }

    private static String delivery(String endpoint, String queue, int n, Instant nextAttempt, Instant leasedUntil) {
        return """
                insert into webhook_delivery (id, endpoint_id, event_id, event_type, ordering_key, payload, event_at, created_at,
                                              queued_at, status, next_attempt_at, leased_until, lease_token)
                values ('%s', '%s', '%s', 'message.status', '%s', '{"n": %d}', now(), now(), now(), 'PENDING', '%s', %s, %s)
                """.formatted(UUID.randomUUID(), endpoint, UUID.randomUUID(), queue, n, nextAttempt,
                leasedUntil == null ? "null" : "'" + leasedUntil + "'", leasedUntil == null ? "null" : "'" + UUID.randomUUID() + "'");
    }

    private static double oldestDueSeconds() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("(?m)^webhooks_oldest_due_seconds(?:\\{[^}]*})? ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
