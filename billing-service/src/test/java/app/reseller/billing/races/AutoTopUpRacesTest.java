package app.reseller.billing.races;

import app.reseller.billing.BillingTest;
import app.reseller.billing.service.AutoTopUpService;
import app.reseller.infra.Race;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The auto top-up's allocation cap across replicas: two top-ups of one AUTOMATIC customer at once
 * (two schedulers, or a scheduler and a ChannelCreated) never allocate more than the plan's days
 * per period between them.
 */
@BillingTest
class AutoTopUpRacesTest {

    private static final int ROUNDS = 20;

    @Inject
    AutoTopUpService autoTopUp;

    @Test
    void twoTopUpsOfOneCustomerAtOnceStayWithinThePeriodsDays() {
        // 2 channels x 10 days = 20 days per period; one top-up is 15: only one of the two fits
        String plan = Ledger.plan(2, 10, 15);
        Ledger.topUpPool(40L * ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            String customer = unique("auto-race");
            String id = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201)
                    .extract().jsonPath().getString("id");
            asAdmin().post("/subscriptions/" + id + "/confirm-payment").then().statusCode(200);
            // MANUAL while the channels appear, so their ChannelCreated tops nothing up yet
            Ledger.channelCreated(customer + "-a", customer);
            Ledger.channelCreated(customer + "-b", customer);
            asAdmin().body(Map.of("mode", "AUTOMATIC")).put("/customers/" + customer + "/allocation-mode").then().statusCode(200);

            List<Callable<Boolean>> topUps = List.of(
                    () -> Ledger.onVertx(() -> autoTopUp.topUp(customer + "-a", "race")),
                    () -> Ledger.onVertx(() -> autoTopUp.topUp(customer + "-b", "race")));
            List<Race.Outcome<Boolean>> outcomes = Race.run(topUps);

            long allocated = number("select coalesce(sum(days), 0) from ledger_transfer where kind = 'ALLOCATE' and customer_id = '"
                    + customer + "'");
            long reserved = number("select count(*) from ledger_transfer where kind = 'EXTEND' and customer_id = '" + customer + "'");
            assertTrue(allocated <= 20, "round " + round + ": allocated " + allocated + " days, the period allows 20");
            assertEquals(15, allocated, "round " + round + ": one top-up's shortfall was allocated");
            assertEquals(1, reserved, "round " + round + ": one extension fits the period: " + outcomes);
        }
    }
}
