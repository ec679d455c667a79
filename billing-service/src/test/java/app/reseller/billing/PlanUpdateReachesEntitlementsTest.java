package app.reseller.billing;

import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import app.reseller.platform.events.contract.BillingEvents.PlanUpdated;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A plan update reaches every customer on the plan: a new, higher-versioned EntitlementChanged each, and one PlanUpdated. */
@BillingTest
class PlanUpdateReachesEntitlementsTest {

    @Test
    void aNewChannelLimitReachesEveryActiveCustomerOfThePlan() throws Exception {
        String plan = asAdmin().body(Map.of("name", unique("Grow"), "maxChannels", 1, "periodDays", 30, "extensionDays", 30,
                "price", 10, "currency", "idr")).post("/plans").then().statusCode(201).extract().jsonPath().getString("id");
        List<String> customers = List.of(unique("grow-a"), unique("grow-b"));
        for (String customer : customers) {
            String id = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201)
                    .extract().jsonPath().getString("id");
            asAdmin().post("/subscriptions/" + id + "/confirm-payment").then().statusCode(200);
        }
        String pending = unique("grow-pending"); // not active: not affected
        asCustomer(pending).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201);

        asAdmin().body(Map.of("name", "Grow bigger", "maxChannels", 3, "periodDays", 30, "extensionDays", 30, "price", 20,
                "currency", "idr")).put("/plans/" + plan).then().statusCode(200);

        for (String customer : customers) {
            await().atMost(Duration.ofSeconds(30)).until(() -> latest(customer) != null && latest(customer).maxChannels() == 3);
            EntitlementChanged now = latest(customer);
            assertEquals(2, now.version(), "confirm was version 1, the plan update version 2");
            assertEquals(true, now.active());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(PlanUpdated.TYPE, plan).size() == 1);
        PlanUpdated updated = JSON.readValue(billingEvents(PlanUpdated.TYPE, plan).get(0).value(), PlanUpdated.class);
        assertEquals(2, updated.affectedCustomers());
        assertEquals(3, updated.maxChannels());
        assertEquals(0, billingEvents(EntitlementChanged.TYPE, pending).size(), "a pending subscription has no entitlement to change");
    }

    @Test
    void theCreationMinimumFollowsTheAllocationModeUnlessThePlanSaysIt() throws Exception {
        String plan = asAdmin().body(Map.of("name", unique("Policy"), "maxChannels", 2, "periodDays", 30, "extensionDays", 30,
                "price", 10, "currency", "idr")).post("/plans").then().statusCode(201)
                .body("creationMinimumDays", org.hamcrest.Matchers.nullValue()).extract().jsonPath().getString("id");
        String customer = unique("policy");
        String id = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201)
                .extract().jsonPath().getString("id");
        asAdmin().post("/subscriptions/" + id + "/confirm-payment").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> latest(customer) != null && latest(customer).active());
        assertEquals(0, latest(customer).creationMinimumDays(), "MANUAL: the admin gives days after creation, none needed");
        assertEquals(0, latest(customer).drawableDays());

        // AUTOMATIC: the first paid extension takes the plan's 30 days at once; the pool may give 2 x 30 this period
        asAdmin().body(Map.of("mode", "AUTOMATIC")).put("/customers/" + customer + "/allocation-mode").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "AUTOMATIC".equals(latest(customer).allocationMode()));
        assertEquals(30, latest(customer).creationMinimumDays());
        assertEquals(60, latest(customer).drawableDays(), "balance 0 + what the pool may still allocate this period (2 x 30)");

        // the plan says it itself: 10 for everyone on it; out of range is refused at the edge
        asAdmin().body(Map.of("name", unique("Policy"), "maxChannels", 2, "periodDays", 30, "extensionDays", 30, "price", 10,
                "currency", "idr", "creationMinimumDays", -1)).put("/plans/" + plan).then().statusCode(400);
        asAdmin().body(Map.of("name", unique("Policy"), "maxChannels", 2, "periodDays", 30, "extensionDays", 30, "price", 10,
                "currency", "idr", "creationMinimumDays", 10)).put("/plans/" + plan).then().statusCode(200)
                .body("creationMinimumDays", org.hamcrest.Matchers.is(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> latest(customer).creationMinimumDays() == 10);
    }

    private static EntitlementChanged latest(String customer) throws Exception {
        var records = billingEvents(EntitlementChanged.TYPE, customer);
        return records.isEmpty() ? null : JSON.readValue(records.get(records.size() - 1).value(), EntitlementChanged.class);
    }
}
