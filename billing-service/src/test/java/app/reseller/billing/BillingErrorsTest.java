package app.reseller.billing;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Billing's refusals, each a clear problem+json that changes nothing (invariants 7 and 9). */
@BillingTest
class BillingErrorsTest {

    @Test
    void anUnknownPlanIs404() {
        asCustomer(unique("err")).body(Map.of("planId", UUID.randomUUID())).post("/subscriptions")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:not-found")).body("title", is("Plan not found"));
    }

    @Test
    void insufficientBalanceIs409WithTheBalanceAndTheDaysAsked() {
        String customer = unique("err");
        LedgerInvariantsTest.topUpPool(10);
        LedgerInvariantsTest.allocate(customer, 3);
        asAdmin().body(Map.of("customerId", customer, "days", 5, "reason", "x")).post("/ledger/reclaims")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:insufficient-balance"))
                .body("balanceDays", is(3)).body("requestedDays", is(5))
                .body("detail", is("the customer has 3 days, 5 were asked"));
        assertEquals(3, balance(Accounts.customer(customer)), "nothing moved");
    }

    /** Every write that moves days says why (as WHAPI's extend wants a comment): without one it is refused and nothing moves. */
    @Test
    void aDayMoveWithoutAReasonIs400AndMovesNothing() {
        String customer = unique("err-why");
        LedgerInvariantsTest.topUpPool(10);
        LedgerInvariantsTest.allocate(customer, 3);
        for (Object blank : new Object[]{null, "", "   "}) {
            Map<String, Object> topUp = new java.util.HashMap<>(Map.of("days", 5));
            Map<String, Object> allocation = new java.util.HashMap<>(Map.of("customerId", customer, "days", 1));
            Map<String, Object> reclaim = new java.util.HashMap<>(Map.of("customerId", customer, "days", 1));
            if (blank != null) {
                topUp.put("reference", blank);
                allocation.put("reference", blank);
                reclaim.put("reason", blank);
            }
            asAdmin().body(topUp).post("/ledger/top-ups").then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", org.hamcrest.Matchers.hasItem("reference"));
            asAdmin().body(allocation).post("/ledger/allocations").then().statusCode(400)
                    .body("violations.field", org.hamcrest.Matchers.hasItem("reference"));
            asAdmin().body(reclaim).post("/ledger/reclaims").then().statusCode(400)
                    .body("violations.field", org.hamcrest.Matchers.hasItem("reason"));
        }
        assertEquals(3, balance(Accounts.customer(customer)), "nothing moved");
    }

    @Test
    void invalidDaysAre400() {
        for (Object days : new Object[]{0, -4, 100_000, "ten"}) {
            asAdmin().body(Map.of("customerId", "c-1", "days", days, "reference", "test")).post("/ledger/allocations")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        asAdmin().body(Map.of("account", "POOL", "days", 0, "reason", "x")).post("/ledger/adjustments")
                .then().statusCode(400).body("type", is("urn:reseller:problem:invalid-days"));
        for (String account : new String[]{"EXTERNAL", "FOO:bar", "CUSTOMER:", "CUSTOMER:a b"}) {
            asAdmin().body(Map.of("account", account, "days", 3, "reason", "x")).post("/ledger/adjustments")
                    .then().statusCode(400).body("type", is("urn:reseller:problem:invalid-account"));
        }
    }

    @Test
    void aSecondLiveSubscriptionIs409() {
        String customer = unique("err");
        String plan = plan();
        asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201);
        asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions")
                .then().statusCode(409).body("type", is("urn:reseller:problem:subscription-exists"));
    }

    @Test
    void concurrentSubscribesOfOneCustomerCreateExactlyOneSubscription() throws Exception {
        String customer = unique("race");
        String plan = plan();
        java.util.List<java.util.concurrent.Callable<Integer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").statusCode());
        }
        var statuses = LedgerInvariantsTest.runConcurrently(calls);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(9, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1, BillingTestSupport.number("select count(*) from subscription where customer_id = '" + customer + "'"));
    }

    @Test
    void aLedgerPageBeyondTheBoundOrNotANumberIs400NamingThePageNever500Or404() {
        String customer = unique("paging");
        // 2147483647 * 50 overflowed into a negative OFFSET (500); 1e3 and 99999999999 are no int (JAX-RS: 404)
        for (String page : java.util.List.of("2147483647", "10001", "1e3", "99999999999", "-1")) {
            asCustomer(customer).queryParam("page", page).get("/customers/" + customer + "/ledger").then().statusCode(400)
                    .contentType("application/problem+json").body("violations[0].field", is("page"));
        }
        asCustomer(customer).queryParam("page", 10000).queryParam("size", 200).get("/customers/" + customer + "/ledger")
                .then().statusCode(200).body("items.size()", is(0)).body("page", is(10000));
    }

    @Test
    void aSecondActivePlanWithTheSameNameIsAConflictNotA500() {
        String name = unique("Gold");
        Map<String, Object> plan = Map.of("name", name, "maxChannels", 1, "periodDays", 30, "extensionDays", 30,
                "price", 100000, "currency", "IDR");
        asAdmin().body(plan).post("/plans").then().statusCode(201);
        // the unique index plan_name_active refused the insert, and that surfaced as a 500
        asAdmin().body(Map.of("name", name.toUpperCase(), "maxChannels", 2, "periodDays", 30, "extensionDays", 30,
                        "price", 200000, "currency", "IDR")).post("/plans")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:plan-name-taken")).body("field", is("name"));
        assertEquals(1, BillingTestSupport.number("select count(*) from plan where lower(name) = lower('" + name + "')"));
    }

    @Test
    void extendingAnUnknownChannelIs404AndAnEmptyCommentIs400() {
        asAdmin().body(Map.of("channelId", "no-such-channel", "days", 3, "comment", "x")).post("/ledger/extensions")
                .then().statusCode(404);
        asAdmin().body(Map.of("channelId", "no-such-channel", "days", 3, "comment", " ")).post("/ledger/extensions")
                .then().statusCode(400).body("detail", containsString("comment"));
    }

    @Test
    void invariant7CustomersSeeOnlyTheirOwnAndAdminEndpointsNeedTheAdminRole() {
        String a = unique("cust-a");
        String b = unique("cust-b");
        asCustomer(a).get("/customers/" + a + "/balance").then().statusCode(200).body("balanceDays", is(0));
        asCustomer(b).get("/customers/" + a + "/balance").then().statusCode(404);
        asCustomer(b).get("/customers/" + a + "/ledger").then().statusCode(404);
        String sub = asCustomer(a).body(Map.of("planId", plan())).post("/subscriptions").then().statusCode(201)
                .extract().jsonPath().getString("id");
        asCustomer(b).get("/subscriptions/" + sub).then().statusCode(404);
        asCustomer(a).get("/subscriptions/" + sub).then().statusCode(200);

        asCustomer(a).body(Map.of("customerId", a, "days", 5, "reference", "test")).post("/ledger/allocations")
                .then().statusCode(403).contentType("application/problem+json");
        asCustomer(a).post("/subscriptions/" + sub + "/confirm-payment").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("days", 5, "reference", "test")).post("/ledger/top-ups")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-token").get("/customers/" + a + "/balance").then().statusCode(401);
    }

    static String plan() {
        return asAdmin().body(Map.of("name", unique("Plan"), "maxChannels", 1, "periodDays", 30, "extensionDays", 30,
                "price", 10, "currency", "idr")).post("/plans").then().statusCode(201).extract().jsonPath().getString("id");
    }
}
