package app.reseller.billing;

import app.reseller.platform.events.contract.BillingEvents.BalanceLow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** BalanceLow is emitted once, when a debit takes a customer's balance below the threshold (5 days). */
@BillingTest
class BalanceLowTest {

    @Test
    void emittedOnceWhenTheBalanceCrossesTheThreshold() throws Exception {
        String customer = unique("low");
        LedgerInvariantsTest.topUpPool(20);
        LedgerInvariantsTest.allocate(customer, 7);
        reclaim(customer, 1); // 6: still above
        reclaim(customer, 2); // 4: crossed
        reclaim(customer, 1); // 3: already low, no second event
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(BalanceLow.TYPE, customer).size() >= 1);
        // a wrong second event would show up within this time: none does
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .until(() -> billingEvents(BalanceLow.TYPE, customer).size() == 1);
        var events = billingEvents(BalanceLow.TYPE, customer);
        assertEquals(new BalanceLow(customer, 4, 5), JSON.readValue(events.get(0).value(), BalanceLow.class));
    }

    private static void reclaim(String customer, int days) {
        asAdmin().body(Map.of("customerId", customer, "days", days, "reason", "test")).post("/ledger/reclaims")
                .then().statusCode(201);
    }
}
