package app.reseller.billing;

import app.reseller.billing.service.BillingSchedulers;
import io.quarkus.scheduler.Scheduler;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static app.reseller.billing.BillingTestSupport.execute;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.billing.LedgerInvariantsTest.topUpPool;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operators' customer list on the real database: filters combined pick exactly the customers
 * a hand-written predicate picks, pages walk every customer once in order, bad input is a 400.
 */
@BillingTest
class OperatorCustomerListTest {

    /** A customer as set up, to compute what each query must answer. */
    record Made(String id, String status, String mode, long balance, int channels) {
    }

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void pauseTheAutoTopUp() {
        scheduler.pause(BillingSchedulers.AUTO_TOP_UP); // it would spend the balances the filters read
        scheduler.pause(BillingSchedulers.EXPIRY);
    }

    @AfterEach
    void resume() {
        scheduler.resume(BillingSchedulers.AUTO_TOP_UP);
        scheduler.resume(BillingSchedulers.EXPIRY);
    }

    @Test
    void filtersCombineAndPagesWalkEveryCustomerOnceInOrder() {
        String plan = asAdmin().body(Map.of("name", unique("list plan"), "maxChannels", 10, "periodDays", 30, "extensionDays", 30,
                "price", 10, "currency", "IDR")).post("/plans").then().statusCode(201).extract().jsonPath().getString("id");
        topUpPool(1_000);
        String prefix = unique("list");
        List<Made> made = new ArrayList<>();
        StringBuilder channels = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String customer = prefix + "-" + (char) ('a' + i % 26) + i;
            String subscription = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201)
                    .extract().jsonPath().getString("id");
            String status = switch (i % 3) {
                case 0 -> "PENDING_PAYMENT";
                case 1 -> "ACTIVE";
                default -> "CANCELLED";
            };
            if (!status.equals("PENDING_PAYMENT")) {
                asAdmin().post("/subscriptions/" + subscription + "/confirm-payment").then().statusCode(200);
            }
            if (status.equals("CANCELLED")) {
                asAdmin().body(Map.of("reason", "list test")).post("/subscriptions/" + subscription + "/cancel").then().statusCode(200);
            }
            String mode = i % 2 == 0 ? "AUTOMATIC" : "MANUAL";
            if (mode.equals("AUTOMATIC")) {
                asAdmin().body(Map.of("mode", mode)).put("/customers/" + customer + "/allocation-mode").then().statusCode(200);
            }
            long balance = i % 7;
            if (balance > 0) {
                asAdmin().body(Map.of("customerId", customer, "days", balance, "reference", "test")).post("/ledger/allocations").then().statusCode(201);
            }
            int fleet = i % 5;
            for (int c = 0; c < fleet; c++) {
                channels.append(channels.isEmpty() ? "" : ",").append(String.format("('%s-ch%d','%s','%s')", customer, c, customer,
                        Instant.now().plus(Duration.ofDays(20))));
            }
            made.add(new Made(customer, status, mode, balance, fleet));
        }
        execute("insert into billing_channel (channel_id, customer_id, active_till) values " + channels);
        execute("insert into billing_channel (channel_id, customer_id, deleted) values ('" + made.get(0).id() + "-gone', '"
                + made.get(0).id() + "', true)"); // a deleted channel never counts

        expect(made, m -> true, Map.of("planId", plan));
        expect(made, m -> m.status().equals("ACTIVE") && m.mode().equals("AUTOMATIC") && m.balance() < 4 && m.channels() >= 2,
                Map.of("planId", plan, "subscriptionStatus", "ACTIVE", "allocationMode", "AUTOMATIC", "balanceBelow", 4, "channelsAtLeast", 2));
        expect(made, m -> m.status().equals("CANCELLED") && m.channels() <= 1, Map.of("planId", plan, "subscriptionStatus", "CANCELLED",
                "channelsAtMost", 1));
        expect(made, m -> m.balance() < 1 && m.mode().equals("MANUAL"), Map.of("planId", plan, "balanceBelow", 1, "allocationMode", "MANUAL"));

        JsonPath one = asAdmin().queryParam("planId", plan).queryParam("limit", 1).get("/admin/customers").then().statusCode(200)
                .extract().jsonPath();
        Made first = made.stream().min(Comparator.comparing(Made::id)).orElseThrow();
        assertEquals(first.id(), one.getString("items[0].customerId"));
        assertEquals(first.balance(), one.getLong("items[0].balanceDays"));
        assertEquals(first.channels(), one.getLong("items[0].channels"));
        assertEquals(first.status(), one.getString("items[0].subscriptionStatus"));
        assertEquals(first.mode(), one.getString("items[0].allocationMode"));
        assertTrue(one.getString("items[0].planName").startsWith("list plan"));

        // a customer that only holds days (no subscription, no setting) is a customer too
        String holder = unique("list-holder");
        asAdmin().body(Map.of("customerId", holder, "days", 3, "reference", "test")).post("/ledger/allocations").then().statusCode(201);
        Set<String> everyone = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = asAdmin().queryParam("limit", 200).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/admin/customers").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.customerId");
            order.addAll(ids);
            ids.forEach(id -> assertTrue(everyone.add(id), "listed once: " + id));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertTrue(everyone.contains(holder), "the holder is listed");
        assertTrue(everyone.containsAll(made.stream().map(Made::id).toList()));
        assertEquals(order.stream().sorted().toList(), order, "by customer id");
        assertEquals(0, BillingTestSupport.number(DIRECTORY_DRIFT), "every customer's row agrees with the tables");
    }

    /** The list with {@code query}, walked in pages of 7, is exactly the made customers {@code wanted} picks, by id. */
    private static void expect(List<Made> made, Predicate<Made> wanted, Map<String, Object> query) {
        List<String> expected = made.stream().filter(wanted).map(Made::id).sorted().toList();
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = asAdmin().queryParams(query).queryParam("limit", 7).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/admin/customers").then().statusCode(200).extract().jsonPath();
            listed.addAll(page.getList("items.customerId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(expected, listed, query.toString());
    }

    /** What the directory says of every customer, recomputed from the tables it summarises: the rows that differ. */
    static final String DIRECTORY_DRIFT = """
            with known as (
                select customer_id from subscription union select customer_id from customer_settings
                union select owner_id from ledger_account where kind = 'CUSTOMER' union select customer_id from billing_channel),
            truth as (
                select k.customer_id, cur.id as subscription_id, cur.status as subscription_status, cur.plan_id, cur.current_period_end,
                       coalesce(m.allocation_mode, 'MANUAL') as allocation_mode, coalesce(a.balance, 0) as balance,
                       (select count(*) from billing_channel c where c.customer_id = k.customer_id and not c.deleted) as channels
                from known k
                left join lateral (select * from subscription s where s.customer_id = k.customer_id
                                   order by s.created_at desc, s.id limit 1) cur on true
                left join customer_settings m on m.customer_id = k.customer_id
                left join ledger_account a on a.id = 'CUSTOMER:' || k.customer_id)
            select count(*) from (
                (select customer_id::text, subscription_id, subscription_status, plan_id, current_period_end, allocation_mode, balance, channels
                 from customer_directory
                 except select * from truth)
                union all
                (select * from truth except
                 select customer_id::text, subscription_id, subscription_status, plan_id, current_period_end, allocation_mode, balance, channels
                 from customer_directory)) drift""";

    /** Channels added and deleted for one customer from many connections at once: the count is the count. */
    @Test
    void theDirectoryAgreesWithTheTablesItSummarisesEvenWhenChannelsRace() throws Exception {
        String customer = unique("list-race");
        List<java.util.concurrent.Callable<Boolean>> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            writers.add(() -> {
                for (int i = 0; i < 40; i++) {
                    String channel = customer + "-t" + thread + "-" + i;
                    execute("insert into billing_channel (channel_id, customer_id) values ('" + channel + "', '" + customer + "')");
                    if (i % 3 == 0) {
                        execute("update billing_channel set deleted = true where channel_id = '" + channel + "'");
                        execute("update billing_channel set deleted = true where channel_id = '" + channel + "'"); // twice: counted once
                    }
                }
                return true;
            });
        }
        LedgerInvariantsTest.runConcurrently(writers);
        assertEquals(8 * (40 - 14), BillingTestSupport.number("select channels from customer_directory where customer_id = '" + customer + "'"));
        assertEquals(0, BillingTestSupport.number(DIRECTORY_DRIFT), "every customer's row agrees with the tables");
    }

    @Test
    void badInputIsA400NamingTheParameterAndCustomersMayNotList() {
        asAdmin().get("/admin/customers?balanceBelow=-1").then().statusCode(400).body("violations.field", hasItem("balanceBelow"));
        asAdmin().get("/admin/customers?limit=201").then().statusCode(400).body("violations.field", hasItem("limit"));
        asAdmin().get("/admin/customers?subscriptionStatus=NOPE").then().statusCode(400).body("violations.field", hasItem("subscriptionStatus"));
        asAdmin().get("/admin/customers?planId=not-a-uuid").then().statusCode(400).body("violations.field", hasItem("planId"));
        asAdmin().get("/admin/customers?channelsAtLeast=1e3").then().statusCode(400).body("violations.field", hasItem("channelsAtLeast"));
        asAdmin().get("/admin/customers?cursor=dTE").then().statusCode(400).body("type", endsWith(":invalid-cursor"));
        asCustomer("someone").get("/admin/customers").then().statusCode(403);
    }
}
