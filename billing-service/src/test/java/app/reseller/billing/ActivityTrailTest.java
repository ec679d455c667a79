package app.reseller.billing;

import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import io.restassured.path.json.JsonPath;
import app.reseller.infra.TestActivity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.execute;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Billing's activity trail on the real database: each write leaves one entry (who, what, why, before
 * and after, the correlation id) in the write's own transaction, so a refused write leaves none and a
 * replayed Idempotency-Key no second one; customers read their own entries; nothing updates an entry.
 */
@BillingTest
class ActivityTrailTest {

    @Test
    void everyBillingWriteLeavesItsEntry() {
        String customer = unique("trail");
        String cid = "trail-" + UUID.randomUUID();
        // plans
        String plan = asAdmin().header("X-Correlation-Id", cid).body(Map.of("name", unique("trail plan"), "maxChannels", 2, "periodDays", 30,
                "extensionDays", 30, "price", 10, "currency", "IDR")).post("/plans").then().statusCode(201).extract().jsonPath().getString("id");
        JsonPath created = TestActivity.newest("createPlan", "PLAN:" + plan);
        assertEquals(cid, created.getString("correlationId"));
        assertEquals("admin-1", created.getString("actor"));
        assertNull(created.get("before"));
        assertEquals(2, created.getInt("after.maxChannels"));
        asAdmin().body(Map.of("name", unique("trail plan"), "maxChannels", 3, "periodDays", 30, "extensionDays", 30, "price", 10,
                "currency", "IDR")).put("/plans/" + plan).then().statusCode(200);
        JsonPath updated = TestActivity.newest("updatePlan", "PLAN:" + plan);
        assertEquals(2, updated.getInt("before.maxChannels"));
        assertEquals(3, updated.getInt("after.maxChannels"));

        // subscriptions and the allocation mode
        String subscription = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201)
                .extract().jsonPath().getString("id");
        assertEquals(customer, TestActivity.newest("subscribe", "SUBSCRIPTION:" + subscription).getString("actor"));
        asAdmin().post("/subscriptions/" + subscription + "/confirm-payment").then().statusCode(200);
        JsonPath confirmed = TestActivity.newest("confirmSubscriptionPayment", "SUBSCRIPTION:" + subscription);
        assertEquals("PENDING_PAYMENT", confirmed.getString("before.status"));
        assertEquals("ACTIVE", confirmed.getString("after.status"));
        assertTrue(confirmed.getString("after.currentPeriodEnd") != null);
        asAdmin().post("/subscriptions/" + subscription + "/renew").then().statusCode(200);
        TestActivity.newest("renewSubscription", "SUBSCRIPTION:" + subscription);
        asAdmin().body(Map.of("mode", "MANUAL")).put("/customers/" + customer + "/allocation-mode").then().statusCode(200);
        assertEquals("MANUAL", TestActivity.newest("setAllocationMode", "CUSTOMER:" + customer).getString("after.allocationMode"));

        // day movements: the reason, the balance before and after
        asAdmin().body(Map.of("days", 50, "reference", "trail invoice 7")).post("/ledger/top-ups").then().statusCode(201);
        assertEquals("trail invoice 7", TestActivity.newest("topUpPool", "POOL").getString("reason"));
        asAdmin().header("Idempotency-Key", "trail-" + customer).body(Map.of("customerId", customer, "days", 20, "reference", "trail"))
                .post("/ledger/allocations").then().statusCode(201);
        JsonPath allocated = TestActivity.newest("allocateDays", "CUSTOMER:" + customer);
        assertEquals(0, allocated.getInt("before.balanceDays"));
        assertEquals(20, allocated.getInt("after.balanceDays"));
        assertEquals(customer, allocated.getString("customerId"));
        // the same Idempotency-Key again: the first answer, no second entry
        asAdmin().header("Idempotency-Key", "trail-" + customer).body(Map.of("customerId", customer, "days", 20, "reference", "trail"))
                .post("/ledger/allocations").then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, TestActivity.entries(BillingTestSupport.DB, "allocateDays", "CUSTOMER:" + customer));
        asAdmin().body(Map.of("customerId", customer, "days", 5, "reason", "trail: customer asked")).post("/ledger/reclaims").then().statusCode(201);
        JsonPath reclaimed = TestActivity.newest("reclaimDays", "CUSTOMER:" + customer);
        assertEquals("trail: customer asked", reclaimed.getString("reason"));
        assertEquals(20, reclaimed.getInt("before.balanceDays"));
        assertEquals(15, reclaimed.getInt("after.balanceDays"));
        asAdmin().body(Map.of("account", "CUSTOMER:" + customer, "days", -3, "reason", "trail: correction")).post("/ledger/adjustments")
                .then().statusCode(201);
        assertEquals(12, TestActivity.newest("adjustAccount", "CUSTOMER:" + customer).getInt("after.balanceDays"));
        // a refused movement changes nothing, so it leaves no entry
        asAdmin().body(Map.of("customerId", customer, "days", 500, "reason", "too many")).post("/ledger/reclaims").then().statusCode(409);
        assertEquals(1, TestActivity.entries(BillingTestSupport.DB, "reclaimDays", "CUSTOMER:" + customer));
        String channel = customer + "-ch";
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "trail", "trial", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> asAdmin().body(Map.of("channelId", channel, "days", 2, "comment", "trail extension"))
                .post("/ledger/extensions").statusCode() == 202);
        JsonPath extended = TestActivity.newest("requestChannelExtension", "CHANNEL:" + channel);
        assertEquals("trail extension", extended.getString("reason"));
        assertEquals(10, extended.getInt("after.customerBalanceDays"));

        asAdmin().body(Map.of("reason", "trail ends")).post("/subscriptions/" + subscription + "/cancel").then().statusCode(200);
        assertEquals("trail ends", TestActivity.newest("cancelSubscription", "SUBSCRIPTION:" + subscription).getString("reason"));
        asAdmin().post("/plans/" + plan + "/retire").then().statusCode(200);
        assertEquals(false, TestActivity.newest("retirePlan", "PLAN:" + plan).getBoolean("after.active"));

        // the customer reads its own entries only, also when it names another customer; the CSV has them too
        List<String> own = asCustomer(customer).queryParam("customerId", "someone-else").queryParam("limit", 500).get("/activity")
                .then().statusCode(200).extract().jsonPath().getList("items.customerId");
        assertTrue(own.size() >= 8 && own.stream().allMatch(customer::equals), own.toString());
        String csv = asCustomer(customer).get("/activity/export.csv").then().statusCode(200).contentType("text/csv").extract().asString();
        assertTrue(csv.startsWith("id,at,actor,api_key_id,customer_id,action,target,reason,before,after,correlation_id\r\n"));
        assertEquals(own.size(), csv.split("\r\n").length - 1);
        asAdmin().get("/activity?cursor=YTE").then().statusCode(400).body("type", endsWith(":invalid-cursor"));

        // append-only: the database itself refuses to change an entry
        assertThrows(IllegalStateException.class, () -> execute("update activity set reason = 'rewritten' where customer_id = '" + customer + "'"));
    }

    /** API keys live on the reactive pool: their entries are written in that transaction, never with the key. */
    @Test
    void apiKeysLeaveTheirEntriesWithoutTheKey() {
        String customer = unique("trail-keys");
        JsonPath created = asCustomer(customer).body(Map.of("name", "CRM", "scopes", List.of("channels:read")))
                .post("/api-keys").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        JsonPath entry = TestActivity.newest("createApiKey", "API_KEY:" + id);
        assertEquals(customer, entry.getString("actor"));
        assertEquals(customer, entry.getString("customerId"));
        assertEquals(created.getString("prefix"), entry.getString("after.prefix"));
        assertNull(entry.get("before"));
        String secret = created.getString("key").substring(12);
        assertEquals(0, number("select count(*) from activity where (before::text || after::text) like '%" + secret + "%'"),
                "no entry holds the key");

        asAdmin().delete("/api-keys/" + id).then().statusCode(204);
        asAdmin().delete("/api-keys/" + id).then().statusCode(204);
        JsonPath revoked = TestActivity.newest("revokeApiKey", "API_KEY:" + id);
        assertEquals("admin-1", revoked.getString("actor"));
        assertNull(revoked.get("before.revokedAt"));
        assertEquals("admin-1", revoked.getString("after.revokedBy"));
        assertEquals(1, TestActivity.entries(BillingTestSupport.DB, "revokeApiKey", "API_KEY:" + id), "revoking again changes nothing, so it adds no entry");
    }

    /** The owner and an admin revoke one key at the same instant, 20 times over: one revocation, one entry, each time. */
    @Test
    void racingRevocationsLeaveOneEntry() {
        String customer = unique("trail-revoke-race");
        for (int round = 0; round < 20; round++) {
            String id = asCustomer(customer).body(Map.of("name", "race " + round, "scopes", List.of("channels:read")))
                    .post("/api-keys").then().statusCode(201).extract().path("id");
            List<app.reseller.infra.Race.Outcome<Integer>> outcomes = app.reseller.infra.Race.run(List.of(
                    () -> asCustomer(customer).delete("/api-keys/" + id).statusCode(),
                    () -> asAdmin().delete("/api-keys/" + id).statusCode(),
                    () -> asAdmin().delete("/api-keys/" + id).statusCode()));
            assertTrue(outcomes.stream().allMatch(o -> !o.failed() && o.value() == 204), outcomes.toString());
            assertEquals(1, TestActivity.entries(BillingTestSupport.DB, "revokeApiKey", "API_KEY:" + id), "round " + round);
        }
    }

    @Test
    void pagesWalkTheTrailNewestFirstOnce() {
        String customer = unique("trail-pages");
        LedgerInvariantsTest.topUpPool(100);
        for (int i = 0; i < 23; i++) {
            asAdmin().body(Map.of("customerId", customer, "days", 1, "reference", "page " + i)).post("/ledger/allocations").then().statusCode(201);
        }
        List<Long> ids = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = asAdmin().queryParam("customerId", customer).queryParam("limit", 5)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor)).get("/activity").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id", Long.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(23, ids.size());
        assertEquals(ids.stream().sorted(java.util.Comparator.reverseOrder()).toList(), ids);
    }
}
