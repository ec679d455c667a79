package app.reseller.billing.races;

import app.reseller.billing.BillingTest;
import app.reseller.billing.service.SubscriptionService;
import app.reseller.infra.Race;
import app.reseller.infra.TestClock;
import io.quarkus.test.junit.QuarkusMock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.strings;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race-and-fault suite for subscriptions: the admin's renew and cancel racing two replicas of
 * the expiry job, with the period over (a moved clock). After every round the subscription is in
 * one consistent state: the winner's; at most one SubscriptionEnded, and only when it ended.
 */
@BillingTest
class SubscriptionRacesTest {

    private static final int ROUNDS = 20;

    @Inject
    SubscriptionService subscriptions;

    /** Confirm and cancel of a pending subscription at once: one history, and events that match it. */
    @Test
    void confirmRacingCancelLeavesOneHistoryAndMatchingEvents() {
        String plan = Ledger.plan(1, 30, 30);
        for (int round = 0; round < ROUNDS; round++) {
            String customer = unique("confirm-race");
            String id = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201)
                    .extract().jsonPath().getString("id");
            List<Race.Outcome<Integer>> outcomes = Race.run(List.of(
                    () -> asAdmin().post("/subscriptions/" + id + "/confirm-payment").then().extract().statusCode(),
                    () -> asAdmin().body(Map.of("reason", "race")).post("/subscriptions/" + id + "/cancel").then().extract().statusCode()));
            int confirm = outcomes.get(0).value();
            int cancel = outcomes.get(1).value();
            assertEquals(200, cancel, "round " + round + ": a pending or active subscription can always be cancelled");
            assertEquals("CANCELLED", strings("select status from subscription where id = '" + id + "'").get(0), "round " + round);
            List<String> history = strings("select to_status from subscription_transition where subscription_id = '" + id + "' order by id");
            long activated = number("select count(*) from outbox_event where type = 'billing.PlanActivated.v1' "
                    + "and payload->>'subscriptionId' = '" + id + "'");
            long ended = number("select count(*) from outbox_event where type = 'billing.SubscriptionEnded.v1' "
                    + "and payload->>'subscriptionId' = '" + id + "'");
            if (confirm == 200) {
                assertEquals(List.of("PENDING_PAYMENT", "ACTIVE", "CANCELLED"), history, "round " + round);
                assertEquals(1, activated, "round " + round);
            } else {
                assertEquals(409, confirm, "round " + round + ": the confirm lost cleanly");
                assertEquals(List.of("PENDING_PAYMENT", "CANCELLED"), history, "round " + round);
                assertEquals(0, activated, "round " + round);
            }
            assertEquals(1, ended, "round " + round + ": one SubscriptionEnded");
        }
    }

    @Test
    void renewOrCancelRacingTwoExpiryJobsEndInOneConsistentState() {
        String plan = Ledger.plan(1, 1, 1);
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        for (int round = 0; round < ROUNDS; round++) {
            String customer = unique("sub-race");
            String id = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201)
                    .extract().jsonPath().getString("id");
            asAdmin().post("/subscriptions/" + id + "/confirm-payment").then().statusCode(200);
            clock.advance(Duration.ofDays(2)); // the one-day period is over

            boolean renewing = round % 2 == 0;
            List<Callable<Integer>> writers = new ArrayList<>();
            writers.add(() -> (renewing ? asAdmin().post("/subscriptions/" + id + "/renew")
                    : asAdmin().body(Map.of("reason", "race")).post("/subscriptions/" + id + "/cancel")).then().extract().statusCode());
            writers.addAll(Race.copies(2, () -> Ledger.onVertx(() -> subscriptions.expireEndedPeriods())));
            List<Race.Outcome<Integer>> outcomes = Race.run(writers);
            for (Race.Outcome<Integer> o : outcomes) {
                assertTrue(!o.failed(), "round " + round + ": a writer failed: " + o.failure());
            }

            String status = strings("select status from subscription where id = '" + id + "'").get(0);
            int admin = outcomes.get(0).value();
            long ended = number("select count(*) from outbox_event where type = 'billing.SubscriptionEnded.v1' "
                    + "and payload->>'subscriptionId' = '" + id + "'");
            String last = strings("select to_status from subscription_transition where subscription_id = '" + id
                    + "' order by id desc limit 1").get(0);
            assertEquals(status, last, "round " + round + ": the history ends in the stored status");
            if (admin == 200) {
                assertEquals(renewing ? "ACTIVE" : "CANCELLED", status, "round " + round + ": the admin's change won");
            } else {
                assertEquals(409, admin, "round " + round + ": the admin's change lost the race cleanly");
                assertEquals("EXPIRED", status, "round " + round);
            }
            assertEquals("ACTIVE".equals(status) ? 0 : 1, ended, "round " + round + ": one SubscriptionEnded exactly when it ended");
            if ("ACTIVE".equals(status)) {
                assertEquals(1, number("select count(*) from subscription where id = '" + id + "' and current_period_end > now() + interval '2 days'"),
                        "round " + round + ": renewed from the (moved) now, so no expiry can take it");
            }
        }
    }
}
