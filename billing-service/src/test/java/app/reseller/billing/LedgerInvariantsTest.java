package app.reseller.billing;

import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ARCHITECTURE.md invariants 1 and 2, with real concurrency against the real database. */
@BillingTest
class LedgerInvariantsTest {

    /** 200 concurrent extensions and reclaims against one customer holding 50 days. */
    @Test
    void invariant2NoCustomerBalanceGoesBelowZeroUnderConcurrency() throws Exception {
        String customer = unique("inv2");
        topUpPool(1_000);
        allocate(customer, 50);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String channel = customer + "-ch" + i;
            channels.add(channel);
            publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "c" + i, "trial", Instant.now()));
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                number("select count(*) from billing_channel where customer_id = '" + customer + "'") == 150);

        List<Callable<Integer>> calls = new ArrayList<>();
        channels.forEach(channel -> calls.add(() -> asAdmin()
                .body(Map.of("channelId", channel, "days", 1, "comment", "concurrency test"))
                .post("/ledger/extensions").statusCode()));
        for (int i = 0; i < 50; i++) {
            calls.add(() -> asAdmin().body(Map.of("customerId", customer, "days", 1, "reason", "concurrency test"))
                    .post("/ledger/reclaims").statusCode());
        }
        List<Integer> statuses = runConcurrently(calls);

        assertEquals(50, statuses.stream().filter(s -> s == 201 || s == 202).count(), "exactly the 50 days held were spent");
        assertEquals(150, statuses.stream().filter(s -> s == 409).count(), "every other request was refused: " + statuses);
        assertEquals(0, balance(Accounts.customer(customer)));
        assertEquals(0, number("select count(*) from ledger_account where kind in ('POOL', 'CUSTOMER') and balance < 0"));
    }

    /** 200 concurrent allocations of 1 day from a pool of 100. */
    @Test
    void invariant2ThePoolNeverGoesBelowZeroUnderConcurrency() throws Exception {
        drainPool();
        topUpPool(100);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String customer = "inv2-pool-" + (i % 20);
            calls.add(() -> asAdmin().body(Map.of("customerId", customer, "days", 1, "reference", "test")).post("/ledger/allocations").statusCode());
        }
        List<Integer> statuses = runConcurrently(calls);
        assertEquals(100, statuses.stream().filter(s -> s == 201).count());
        assertEquals(100, statuses.stream().filter(s -> s == 409).count());
        assertEquals(0, balance(Accounts.POOL));
    }

    /** After everything the other tests did, concurrently or not: no day was created or lost. */
    @Test
    void invariant1NoDayIsCreatedOrLost() throws Exception {
        String customer = unique("inv1");
        topUpPool(300);
        allocate(customer, 120);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            calls.add(() -> asAdmin().body(Map.of("customerId", customer, "days", 3, "reason", "x")).post("/ledger/reclaims").statusCode());
            calls.add(() -> asAdmin().body(Map.of("customerId", customer, "days", 2, "reference", "test")).post("/ledger/allocations").statusCode());
        }
        calls.add(() -> asAdmin().body(Map.of("account", Accounts.customer(customer), "days", 7, "reason", "goodwill"))
                .post("/ledger/adjustments").statusCode());
        runConcurrently(calls);

        long inside = number("select coalesce(sum(balance), 0) from ledger_account where kind <> 'EXTERNAL'");
        long topUps = number("select coalesce(sum(days), 0) from ledger_transfer where kind = 'TOP_UP'");
        long adjustmentsIn = number("select coalesce(sum(days), 0) from ledger_transfer where kind = 'ADJUST' and from_account = 'EXTERNAL'");
        long adjustmentsOut = number("select coalesce(sum(days), 0) from ledger_transfer where kind = 'ADJUST' and to_account = 'EXTERNAL'");
        assertEquals(topUps + adjustmentsIn - adjustmentsOut, inside, "Σ over all accounts moved only by TOP_UP and ADJUST");
        assertEquals(-inside, balance(Accounts.EXTERNAL), "double entry: EXTERNAL mirrors the inside");
        assertEquals(0, number("""
                select count(*) from ledger_account a
                where a.balance <> coalesce((select sum(days) from ledger_transfer where to_account = a.id), 0)
                                - coalesce((select sum(days) from ledger_transfer where from_account = a.id), 0)"""),
                "every cached balance equals the sum of its transfers");
    }

    public static void topUpPool(long days) {
        asAdmin().body(Map.of("days", days, "reference", "test")).post("/ledger/top-ups").then().statusCode(201);
    }

    public static void allocate(String customer, long days) {
        asAdmin().body(Map.of("customerId", customer, "days", days, "reference", "test")).post("/ledger/allocations").then().statusCode(201);
    }

    private static void drainPool() {
        long pool = balance(Accounts.POOL);
        if (pool > 0) {
            asAdmin().body(Map.of("account", "POOL", "days", -pool, "reason", "test starts from an empty pool"))
                    .post("/ledger/adjustments").then().statusCode(201);
        }
    }

    static <T> List<T> runConcurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<T>> futures = pool.invokeAll(calls, 120, TimeUnit.SECONDS);
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
