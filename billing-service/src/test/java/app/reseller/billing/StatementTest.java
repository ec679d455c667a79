package app.reseller.billing;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.billing.LedgerInvariantsTest.runConcurrently;
import static app.reseller.billing.LedgerInvariantsTest.topUpPool;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Customers' statements on the real database: every balance a statement shows is the one the
 * ledger answered when it posted that movement, even when movements race; nothing of another
 * customer shows; periods split cleanly; payments keep the price they were confirmed at.
 */
@BillingTest
class StatementTest {

    private static final String EVER = "from=2000-01-01T00:00:00Z";

    /** One CSV row as a map (the export has no field with a comma or a quote here: names and reasons are plain). */
    private static List<Map<String, String>> csv(String body) {
        String[] lines = body.split("\r\n");
        List<String> header = List.of(lines[0].split(",", -1));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            assertEquals(header.size(), fields.length, "row " + i + ": " + lines[i]);
            Map<String, String> row = new HashMap<>();
            for (int f = 0; f < fields.length; f++) {
                row.put(header.get(f), fields[f]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<Long, Long> balancesAnswered = new java.util.concurrent.ConcurrentHashMap<>();

    private static int move(String path, Map<String, Object> body) {
        var response = asAdmin().body(body).post(path);
        if (response.statusCode() == 201) {
            JsonPath answer = response.jsonPath();
            balancesAnswered.put(answer.getLong("transferId"), answer.getLong("balanceDays"));
        }
        return response.statusCode();
    }

    @Test
    void racingMovementsEachShowTheBalanceTheLedgerAnsweredAndNothingOfAnotherCustomer() throws Exception {
        String customer = unique("stmt");
        String neighbour = unique("stmt-other");
        topUpPool(30_000);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            int pick = i % 5;
            long days = 1 + ThreadLocalRandom.current().nextInt(5);
            calls.add(switch (pick) {
                case 0, 1 -> () -> move("/ledger/allocations", Map.of("customerId", customer, "days", days, "reference", "test"));
                case 2 -> () -> move("/ledger/reclaims", Map.of("customerId", customer, "days", days, "reason", "statement race"));
                case 3 -> () -> move("/ledger/adjustments", Map.of("account", "CUSTOMER:" + customer,
                        "days", ThreadLocalRandom.current().nextBoolean() ? days : -days, "reason", "statement race"));
                default -> () -> asAdmin().body(Map.of("customerId", neighbour, "days", days, "reference", "test")).post("/ledger/allocations").statusCode();
            });
        }
        List<Integer> statuses = runConcurrently(calls);
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), "only movements and 'not enough days': " + statuses);
        long posted = number("select count(*) from ledger_transfer where from_account = 'CUSTOMER:" + customer
                + "' or to_account = 'CUSTOMER:" + customer + "'");
        assertTrue(posted > 400, "hundreds of movements raced: " + posted);

        List<Map<String, String>> rows = csv(asAdmin().get("/customers/" + customer + "/statement.csv?" + EVER)
                .then().statusCode(200).contentType("text/csv").extract().asString());
        assertEquals("OPENING", rows.get(0).get("entry"));
        assertEquals("0", rows.get(0).get("balance_after_days"));
        assertEquals("CLOSING", rows.get(rows.size() - 1).get("entry"));
        List<Map<String, String>> movements = rows.stream().filter(r -> "MOVEMENT".equals(r.get("entry"))).toList();
        assertEquals(posted, movements.size(), "every movement of the customer's account, once");
        long running = 0;
        long previousId = 0;
        for (Map<String, String> m : movements) {
            long id = Long.parseLong(m.get("transfer_id"));
            assertTrue(id > previousId, "in the order the ledger posted them");
            running += Long.parseLong(m.get("days"));
            long shown = Long.parseLong(m.get("balance_after_days"));
            assertEquals(running, shown, "row " + id + " adds up");
            assertEquals(balancesAnswered.get(id), shown, "row " + id + " shows the balance the ledger answered for it");
            assertTrue(shown >= 0);
            assertFalse(m.get("counterpart").contains(neighbour), "never the other customer's account");
            previousId = id;
        }
        assertEquals(balance(Accounts.customer(customer)), running, "the last row is the ledger's balance");
        assertEquals(String.valueOf(running), rows.get(rows.size() - 1).get("balance_after_days"));

        // the JSON pages are the same lines, in the same order, with the same balances
        List<Long> paged = new ArrayList<>();
        List<Long> pagedBalances = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = asCustomer(customer).queryParam("limit", 137).queryParam("from", "2000-01-01T00:00:00Z")
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/customers/" + customer + "/statement").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("lines.transferId", Long.class));
            pagedBalances.addAll(page.getList("lines.balanceAfterDays", Long.class));
            assertEquals(running, page.getLong("closingBalanceDays"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(movements.stream().map(m -> Long.parseLong(m.get("transfer_id"))).toList(), paged);
        assertEquals(movements.stream().map(m -> Long.parseLong(m.get("balance_after_days"))).toList(), pagedBalances);
        assertEquals((posted + 136) / 137, pages);

        // two adjacent periods share no movement and miss none; the first one's closing is the second one's opening
        String middle = movements.get(movements.size() / 2).get("at");
        List<Map<String, String>> before = csv(asAdmin().get("/customers/" + customer + "/statement.csv?" + EVER + "&to=" + middle)
                .then().statusCode(200).extract().asString());
        List<Map<String, String>> after = csv(asAdmin().get("/customers/" + customer + "/statement.csv?from=" + middle)
                .then().statusCode(200).extract().asString());
        List<String> split = new ArrayList<>();
        before.stream().filter(r -> "MOVEMENT".equals(r.get("entry"))).forEach(r -> split.add(r.get("transfer_id")));
        after.stream().filter(r -> "MOVEMENT".equals(r.get("entry"))).forEach(r -> split.add(r.get("transfer_id")));
        assertEquals(movements.stream().map(m -> m.get("transfer_id")).toList(), split);
        assertEquals(before.get(before.size() - 1).get("balance_after_days"), after.get(0).get("balance_after_days"));
        assertFalse(after.stream().filter(r -> "MOVEMENT".equals(r.get("entry"))).toList().isEmpty());
    }

    @Test
    void aCustomerReadsItsOwnStatementOnlyAndAnAdminAnyone() {
        String customer = unique("stmt-own");
        String other = unique("stmt-stranger");
        topUpPool(10);
        asAdmin().body(Map.of("customerId", customer, "days", 4, "reference", "test")).post("/ledger/allocations").then().statusCode(201);
        asCustomer(customer).get("/customers/" + customer + "/statement").then().statusCode(200);
        asCustomer(other).get("/customers/" + customer + "/statement").then().statusCode(404);
        asCustomer(other).get("/customers/" + customer + "/statement.csv").then().statusCode(404);
        asAdmin().get("/customers/" + customer + "/statement").then().statusCode(200)
                .body("lines.days", hasItem(4)).body("closingBalanceDays", org.hamcrest.Matchers.is(4));
    }

    @Test
    void badPeriodsAndCursorsAreRefusedNamingTheField() {
        String customer = unique("stmt-bad");
        asAdmin().get("/customers/" + customer + "/statement?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").then().statusCode(400)
                .body("violations.field", hasItem("from"));
        asAdmin().get("/customers/" + customer + "/statement?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z").then().statusCode(400);
        asAdmin().get("/customers/" + customer + "/statement?cursor=czE").then().statusCode(400).body("type", endsWith(":invalid-cursor"));
        asAdmin().get("/customers/" + customer + "/statement?limit=0").then().statusCode(400).body("violations.field", hasItem("limit"));
        asAdmin().get("/customers/" + customer + "/statement?from=yesterday").then().statusCode(400).body("violations.field", hasItem("from"));
        // a customer without any movement has an empty statement, not an error
        JsonPath empty = asAdmin().get("/customers/" + customer + "/statement?" + EVER).then().statusCode(200).extract().jsonPath();
        assertEquals(0, empty.getList("lines").size());
        assertNull(empty.getString("nextCursor"));
    }

    @Test
    void paymentsKeepThePriceTheyWereConfirmedAt() {
        String customer = unique("stmt-pay");
        String plan = asAdmin().body(Map.of("name", unique("stmt plan"), "maxChannels", 2, "periodDays", 30, "extensionDays", 30,
                "price", new BigDecimal("150000.50"), "currency", "IDR")).post("/plans").then().statusCode(201).extract().jsonPath().getString("id");
        String subscription = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201)
                .extract().jsonPath().getString("id");
        asAdmin().post("/subscriptions/" + subscription + "/confirm-payment").then().statusCode(200);
        JsonPath planNow = asAdmin().get("/plans/" + plan).then().statusCode(200).extract().jsonPath();
        Map<String, Object> raised = new HashMap<>(Map.of("name", planNow.getString("name"), "maxChannels", 2, "periodDays", 30,
                "extensionDays", 30, "price", new BigDecimal("175000.00"), "currency", "IDR"));
        asAdmin().body(raised).put("/plans/" + plan).then().statusCode(200);
        asAdmin().post("/subscriptions/" + subscription + "/renew").then().statusCode(200);

        JsonPath statement = asCustomer(customer).get("/customers/" + customer + "/statement?" + EVER).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("FIRST_PERIOD", "RENEWAL"), statement.getList("payments.kind"));
        assertEquals(List.of(150000.5f, 175000.0f), statement.getList("payments.amount"));
        List<Map<String, String>> rows = csv(asCustomer(customer).get("/customers/" + customer + "/statement.csv?" + EVER)
                .then().statusCode(200).extract().asString());
        assertEquals(List.of("150000.50", "175000.00"), rows.stream().filter(r -> "PAYMENT".equals(r.get("entry")))
                .map(r -> r.get("amount")).toList());
        assertEquals(Instant.parse(statement.getString("payments[1].periodEnd")),
                Instant.parse(asAdmin().get("/subscriptions/" + subscription).then().extract().jsonPath().getString("currentPeriodEnd")));
    }
}
