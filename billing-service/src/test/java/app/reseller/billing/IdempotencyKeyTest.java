package app.reseller.billing;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.unique;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

@BillingTest
class IdempotencyKeyTest {

    @Test
    void theSameKeySentTenTimesConcurrentlyMovesDaysOnce() throws Exception {
        String customer = unique("idem");
        LedgerInvariantsTest.topUpPool(100);
        String key = unique("key");
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> asAdmin().header("Idempotency-Key", key).body(Map.of("customerId", customer, "days", 7, "reference", "test"))
                    .post("/ledger/allocations").thenReturn());
        }
        List<Response> answers = LedgerInvariantsTest.runConcurrently(calls);

        answers.forEach(a -> assertEquals(201, a.statusCode(), a.asString()));
        assertEquals(1, answers.stream().map(a -> a.jsonPath().getLong("transferId")).distinct().count(),
                "every answer is the first one");
        assertEquals(9, answers.stream().filter(a -> "true".equals(a.header("Idempotent-Replayed"))).count());
        assertEquals(7, balance(Accounts.customer(customer)));
        assertEquals(1, number("select count(*) from ledger_transfer where customer_id = '" + customer + "'"));
    }

    @Test
    void aKeyReusedForADifferentRequestIsRefused() {
        String customer = unique("idem2");
        LedgerInvariantsTest.topUpPool(10);
        String key = unique("key");
        allocate(key, customer, 1).statusCode(201);
        allocate(key, customer, 2).statusCode(422).contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:idempotency-key-reused"));
        assertEquals(1, balance(Accounts.customer(customer)));
    }

    @Test
    void oneKeyMayServeDifferentOperations() {
        String customer = unique("idem4");
        LedgerInvariantsTest.topUpPool(10);
        String key = unique("key");
        allocate(key, customer, 4).statusCode(201);
        asAdmin().header("Idempotency-Key", key).body(Map.of("customerId", customer, "days", 1, "reason", "x"))
                .post("/ledger/reclaims").then().statusCode(201);
        assertEquals(3, balance(Accounts.customer(customer)));
    }

    @Test
    void aRefusedRequestLeavesNoTraceSoTheSameKeyWorksOnceFixed() {
        String customer = unique("idem3");
        String key = unique("key");
        asAdmin().header("Idempotency-Key", key).body(Map.of("customerId", customer, "days", 5, "reason", "x"))
                .post("/ledger/reclaims").then().statusCode(409);
        LedgerInvariantsTest.allocate(customer, 5);
        asAdmin().header("Idempotency-Key", key).body(Map.of("customerId", customer, "days", 5, "reason", "x"))
                .post("/ledger/reclaims").then().statusCode(201);
        assertEquals(0, balance(Accounts.customer(customer)));
    }

    /** A retried subscribe (a lost answer) replays the first answer instead of "already has a subscription"; racing retries too. */
    @Test
    void aRetriedSubscribeWithTheSameKeyReplaysTheFirstAnswer() throws Exception {
        String plan = BillingErrorsTest.plan();
        String customer = unique("subscribe-key");
        List<Callable<Response>> retries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            retries.add(() -> app.reseller.infra.TestCallers.asCustomer(customer).header("Idempotency-Key", "sub-1")
                    .body(Map.of("planId", plan)).post("/subscriptions").then().extract().response());
        }
        List<Response> answers = LedgerInvariantsTest.runConcurrently(retries);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Response answer : answers) {
            assertEquals(201, answer.statusCode(), answer.asString());
            ids.add(answer.jsonPath().getString("id"));
        }
        assertEquals(1, ids.size(), "every retry names the one subscription: " + ids);
        assertEquals(1, number("select count(*) from subscription where customer_id = '" + customer + "'"));
        app.reseller.infra.TestCallers.asCustomer(customer).header("Idempotency-Key", "sub-1")
                .body(Map.of("planId", BillingErrorsTest.plan())).post("/subscriptions").then().statusCode(422);
        // without a key, a second subscribe is still refused as before
        app.reseller.infra.TestCallers.asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(409);
    }

    private static io.restassured.response.ValidatableResponse allocate(String key, String customer, int days) {
        return asAdmin().header("Idempotency-Key", key).body(Map.of("customerId", customer, "days", days, "reference", "test")).post("/ledger/allocations")
                .then();
    }
}
