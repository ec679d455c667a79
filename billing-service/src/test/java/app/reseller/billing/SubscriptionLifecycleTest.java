package app.reseller.billing;

import app.reseller.billing.service.SubscriptionService;
import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import app.reseller.platform.events.contract.BillingEvents.PlanActivated;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionEnded;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@BillingTest
class SubscriptionLifecycleTest {

    @Inject
    SubscriptionService subscriptions;

    @Test
    void subscribeConfirmRenewCancelWithHistoryAndEvents() throws Exception {
        String customer = unique("life");
        String plan = BillingErrorsTest.plan();
        String id = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions")
                .then().statusCode(201).body("status", is("PENDING_PAYMENT")).extract().jsonPath().getString("id");
        asAdmin().post("/subscriptions/" + id + "/confirm-payment")
                .then().statusCode(200).body("status", is("ACTIVE")).body("currentPeriodEnd", notNullValue());
        asAdmin().post("/subscriptions/" + id + "/renew").then().statusCode(200).body("status", is("ACTIVE"));
        asAdmin().body(Map.of("reason", "customer asked")).post("/subscriptions/" + id + "/cancel")
                .then().statusCode(200).body("status", is("CANCELLED"));
        asAdmin().post("/subscriptions/" + id + "/confirm-payment").then().statusCode(409)
                .body("type", is("urn:reseller:problem:illegal-transition"));

        asCustomer(customer).get("/subscriptions/" + id + "/history").then().statusCode(200)
                .body("to", contains("PENDING_PAYMENT", "ACTIVE", "ACTIVE", "CANCELLED"))
                .body("actor", contains(customer, "admin-1", "admin-1", "admin-1"))
                .body("reason", contains("subscribed", "payment confirmed", "renewed", "customer asked"));

        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(SubscriptionEnded.TYPE, customer).size() == 1);
        assertEquals(1, billingEvents(PlanActivated.TYPE, customer).size());
        var entitlements = billingEvents(EntitlementChanged.TYPE, customer);
        EntitlementChanged last = JSON.readValue(entitlements.get(entitlements.size() - 1).value(), EntitlementChanged.class);
        // each snapshot of the customer carries the next version: the replica keeps the newest whatever the order
        assertEquals(new EntitlementChanged(customer, false, 0, 0, "MANUAL", 2), last);
        EntitlementChanged first = JSON.readValue(entitlements.get(0).value(), EntitlementChanged.class);
        assertEquals(new EntitlementChanged(customer, true, 1, 0, "MANUAL", 1), first);
    }

    @Test
    void anEndedPeriodExpiresTheSubscription() throws Throwable {
        String customer = unique("expire");
        String id = asCustomer(customer).body(Map.of("planId", BillingErrorsTest.plan())).post("/subscriptions")
                .then().statusCode(201).extract().jsonPath().getString("id");
        asAdmin().post("/subscriptions/" + id + "/confirm-payment").then().statusCode(200);
        BillingTestSupport.execute("update subscription set current_period_end = now() - interval '1 minute' where id = '" + id + "'");
        VertxContextSupport.subscribeAndAwait(() -> subscriptions.expireEndedPeriods());
        asAdmin().get("/subscriptions/" + id).then().statusCode(200).body("status", is("EXPIRED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(SubscriptionEnded.TYPE, customer).size() == 1);
    }

    @Test
    void aRetiredPlanKeepsItsSubscriptionsButTakesNoNewOnes() {
        String plan = BillingErrorsTest.plan();
        String customer = unique("retire");
        asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201);
        asAdmin().post("/plans/" + plan + "/retire").then().statusCode(200).body("active", is(false));
        asCustomer(unique("late")).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(409)
                .body("type", is("urn:reseller:problem:plan-retired"));
        asAdmin().get("/plans/" + plan).then().statusCode(200);
    }
}
