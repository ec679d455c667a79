package app.reseller.billing;

import app.reseller.billing.service.BillingSchedulers;
import app.reseller.platform.events.contract.BillingEvents.BalanceDepleted;
import app.reseller.platform.events.contract.BillingEvents.BalanceLow;
import app.reseller.platform.events.contract.BillingEvents.PoolLow;
import io.quarkus.scheduler.Scheduler;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.billing.LedgerInvariantsTest.runConcurrently;
import static app.reseller.billing.LedgerInvariantsTest.topUpPool;
import static app.reseller.infra.TestCallers.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Balance alerts on the real database and broker (thresholds: customers 10, 5, 1 days; pool 500,
 * 100, 30): racing spenders raise each alert once, a credit above a threshold arms it again, the
 * pool has its own.
 */
@BillingTest
class BalanceAlertsTest {

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void pauseTheAutoTopUp() {
        scheduler.pause(BillingSchedulers.AUTO_TOP_UP); // it would move pool days beside the test's own
    }

    @AfterEach
    void resume() {
        scheduler.resume(BillingSchedulers.AUTO_TOP_UP);
    }

    private static List<Long> thresholdsRaised(String customer) {
        return billingEvents(BalanceLow.TYPE, customer).stream().map(r -> read(r.value(), BalanceLow.class).thresholdDays()).sorted().toList();
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void racingSpendersRaiseEachAlertOnceAndACreditArmsItAgain() throws Exception {
        String customer = unique("alerts");
        topUpPool(40);
        asAdmin().body(Map.of("customerId", customer, "days", 20, "reference", "test")).post("/ledger/allocations").then().statusCode(201);
        List<Callable<Integer>> spenders = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // 30 racing one-day debits against 20 days: 20 pass, 10 are refused
            spenders.add(() -> asAdmin().body(Map.of("customerId", customer, "days", 1, "reason", "alert race"))
                    .post("/ledger/reclaims").statusCode());
        }
        List<Integer> statuses = runConcurrently(spenders);
        assertEquals(20, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(0, balance(Accounts.customer(customer)));

        await().atMost(Duration.ofSeconds(30)).until(() -> thresholdsRaised(customer).size() >= 3
                && billingEvents(BalanceDepleted.TYPE, customer).size() >= 1);
        // a second alert for a threshold would show up within this time: none does
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> thresholdsRaised(customer).equals(List.of(1L, 5L, 10L))
                && billingEvents(BalanceDepleted.TYPE, customer).size() == 1);
        for (var record : billingEvents(BalanceLow.TYPE, customer)) {
            BalanceLow low = read(record.value(), BalanceLow.class);
            assertEquals(low.thresholdDays() - 1, low.balanceDays(), "raised by the debit that crossed it: " + low);
        }

        // 12 days again: 10 is armed (the balance rose above it), 5 and 1 too; one debit of 8 crosses 10 and 5: the lowest, 5, is raised
        asAdmin().body(Map.of("customerId", customer, "days", 12, "reference", "test")).post("/ledger/allocations").then().statusCode(201);
        asAdmin().body(Map.of("customerId", customer, "days", 8, "reason", "alert re-armed")).post("/ledger/reclaims").then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> thresholdsRaised(customer).equals(List.of(1L, 5L, 5L, 10L)));
        // a negative adjustment is a debit like any other
        asAdmin().body(Map.of("account", "CUSTOMER:" + customer, "days", -4, "reason", "alert by adjustment")).post("/ledger/adjustments")
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> thresholdsRaised(customer).equals(List.of(1L, 1L, 5L, 5L, 10L))
                && billingEvents(BalanceDepleted.TYPE, customer).size() == 2);
    }

    @Test
    void thePoolHasItsOwnThresholds() throws Exception {
        long pool = balance(Accounts.POOL);
        if (pool > 0) {
            asAdmin().body(Map.of("account", "POOL", "days", -pool, "reason", "alert test starts from an empty pool"))
                    .post("/ledger/adjustments").then().statusCode(201);
        }
        int before = billingEvents(PoolLow.TYPE, "POOL").size();
        topUpPool(600);
        String customer = unique("pool-alerts");
        List<Callable<Integer>> allocations = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // 600 days given away 10 at a time, racing: 500, 100 and 30 are crossed once each
            allocations.add(() -> asAdmin().body(Map.of("customerId", customer, "days", 10, "reference", "test")).post("/ledger/allocations").statusCode());
        }
        assertEquals(60, runConcurrently(allocations).stream().filter(s -> s == 201).count());
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(PoolLow.TYPE, "POOL").size() >= before + 3);
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> billingEvents(PoolLow.TYPE, "POOL").size() == before + 3);
        List<Long> crossed = billingEvents(PoolLow.TYPE, "POOL").stream().skip(before)
                .map(r -> read(r.value(), PoolLow.class).thresholdDays()).sorted().toList();
        assertEquals(List.of(30L, 100L, 500L), crossed);
    }
}
