package app.reseller.billing;

import app.reseller.billing.service.BillingSchedulers;
import app.reseller.infra.TestClock;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.execute;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static org.awaitility.Awaitility.await;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.billing.LedgerInvariantsTest.topUpPool;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Runway and forecasts on the real database (docs/operators.md, "Runway and forecasts"): the
 * worked example of the guide, computed from channels placed by hand; the overview's forecast moves
 * by exactly what one customer adds, read at one frozen instant with the jobs that spend days paused.
 */
@BillingTest
class RunwayTest {

    /** The auto top-up's lead time in the test profile (the default, 48h). */
    private static final Duration LEAD = Duration.ofHours(48);

    @Inject
    Scheduler scheduler;

    private TestClock clock;

    @BeforeEach
    void freezeTimeAndPauseSpenders() {
        clock = new TestClock().freeze();
        QuarkusMock.installMockForType(clock, Clock.class);
        scheduler.pause(BillingSchedulers.AUTO_TOP_UP);
        scheduler.pause(BillingSchedulers.EXPIRY);
    }

    @AfterEach
    void resume() {
        scheduler.resume(BillingSchedulers.AUTO_TOP_UP);
        scheduler.resume(BillingSchedulers.EXPIRY);
    }

    /** A customer on an ACTIVE plan extending channels by 30 days, with 25 channels ending evenly over a month past the lead time. */
    private String customerWithTheWorkedExamplesFleet(String mode) {
        String customer = unique("runway");
        String plan = asAdmin().body(Map.of("name", unique("runway plan"), "maxChannels", 30, "periodDays", 30, "extensionDays", 30,
                "price", 10, "currency", "IDR")).post("/plans").then().statusCode(201).extract().jsonPath().getString("id");
        String subscription = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions").then().statusCode(201)
                .extract().jsonPath().getString("id");
        asAdmin().post("/subscriptions/" + subscription + "/confirm-payment").then().statusCode(200);
        asAdmin().body(Map.of("mode", mode)).put("/customers/" + customer + "/allocation-mode").then().statusCode(200);
        Instant now = clock.instant();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            // end dates 1.2 days apart, an hour past the lead time: renewals fall 1.2 days apart from an hour from now
            Instant end = now.plus(LEAD).plus(Duration.ofHours(1)).plus(Duration.ofMinutes(i * 1728L));
            rows.append(i == 0 ? "" : ",").append("('").append(customer).append("-ch").append(i).append("','").append(customer)
                    .append("','").append(end).append("')");
        }
        // the channel replica, as channel.events would have filled it; one deleted channel that must not count
        execute("insert into billing_channel (channel_id, customer_id, active_till) values " + rows);
        execute("insert into billing_channel (channel_id, customer_id, active_till, deleted) values ('" + customer
                + "-gone', '" + customer + "', '" + now.plus(Duration.ofDays(3)) + "', true)");
        return customer;
    }

    /** A MANUAL customer without a plan (outside the forecast) has a channel extended by 7 days, confirmed by WHAPI. */
    private static void spendSevenDaysOnAChannel() {
        String spender = unique("runway-spender");
        String channel = spender + "-ch";
        topUpPool(7);
        asAdmin().body(Map.of("customerId", spender, "days", 7, "reference", "test")).post("/ledger/allocations").then().statusCode(201);
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, spender, "spender", "trial", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> asAdmin().body(Map.of("channelId", channel, "days", 7, "comment", "runway test"))
                .post("/ledger/extensions").statusCode() == 202);
        UUID request = UUID.fromString(BillingTestSupport.strings("select request_id::text from ledger_transfer where channel_id = '"
                + channel + "' and status = 'RESERVED'").get(0));
        publishChannelEvent(channel, ChannelExtended.TYPE, new ChannelExtended(request, channel, 7, Instant.now().plus(Duration.ofDays(7))));
        await().atMost(Duration.ofSeconds(30)).until(() -> BillingTestSupport.number("select count(*) from ledger_transfer where channel_id = '"
                + channel + "' and status = 'CONFIRMED'") == 1);
    }

    @Test
    void theWorkedExampleOnTheDatabase() {
        String customer = customerWithTheWorkedExamplesFleet("MANUAL");
        topUpPool(900);
        asAdmin().body(Map.of("customerId", customer, "days", 900, "reference", "test")).post("/ledger/allocations").then().statusCode(201);

        JsonPath runway = asCustomer(customer).get("/customers/" + customer + "/runway").then().statusCode(200).extract().jsonPath();
        assertEquals(25, runway.getInt("channels"));
        assertEquals(6, runway.getInt("renewalsDueIn7Days"), "renewals at 1h, 1.2d+1h, ... 6.0d+1h");
        assertEquals(6 * 30, runway.getInt("renewalDays.next7Days"));
        assertEquals(25 * 30, runway.getInt("renewalDays.next30Days"), "each renews once within 30 days");
        assertEquals(25 * 60, runway.getInt("renewalDays.next60Days"), "and twice within 60");
        assertEquals(36.0, runway.getDouble("runwayDays"), "900 days at 25 a day");
        assertEquals("MANUAL", runway.getString("allocationMode"));

        asCustomer(unique("stranger")).get("/customers/" + customer + "/runway").then().statusCode(404);
        String idle = unique("runway-idle");
        JsonPath none = asAdmin().get("/customers/" + idle + "/runway").then().statusCode(200).extract().jsonPath();
        assertEquals(0, none.getInt("channels"));
        assertNull(none.get("runwayDays"));
    }

    @Test
    void theOverviewsForecastMovesByExactlyWhatAnAutomaticCustomerAdds() {
        long pool = balance(Accounts.POOL);
        if (pool > 0) { // the pool empty: what to buy is then the whole demand from the pool
            asAdmin().body(Map.of("account", "POOL", "days", -pool, "reason", "runway test starts from an empty pool"))
                    .post("/ledger/adjustments").then().statusCode(201);
        }
        JsonPath before = asAdmin().get("/ledger/overview").then().statusCode(200).extract().jsonPath();
        customerWithTheWorkedExamplesFleet("AUTOMATIC");
        spendSevenDaysOnAChannel();
        JsonPath after = asAdmin().get("/ledger/overview").then().statusCode(200).extract().jsonPath();

        assertEquals(before.getString("asOf"), after.getString("asOf"), "one frozen instant");
        assertEquals(0, after.getLong("poolDays"));
        assertEquals(180, after.getLong("forecast.buy.next7Days") - before.getLong("forecast.buy.next7Days"));
        assertEquals(750, after.getLong("forecast.buy.next30Days") - before.getLong("forecast.buy.next30Days"));
        assertEquals(1500, after.getLong("forecast.buy.next60Days") - before.getLong("forecast.buy.next60Days"));
        assertEquals(25.0, after.getDouble("forecast.expectedDailySpendDays") - before.getDouble("forecast.expectedDailySpendDays"), 0.11);
        assertEquals(6, after.getLong("forecast.renewalsDueIn7Days") - before.getLong("forecast.renewalsDueIn7Days"));
        assertEquals(0.0, after.getDouble("forecast.poolRunwayDays"), "an empty pool lasts no day");
        assertEquals(2, after.getLong("customers.total") - before.getLong("customers.total"), "the fleet's and the spender's");
        assertEquals(1, after.getLong("customers.automatic") - before.getLong("customers.automatic"));
        List<Integer> perDay = after.getList("spent.perDay.days", Integer.class);
        assertEquals(30, perDay.size());
        assertEquals(7, perDay.get(29) - before.getList("spent.perDay.days", Integer.class).get(29), "today's spending");
        assertEquals(7, after.getLong("spent.last7Days") - before.getLong("spent.last7Days"));
        assertEquals(7, after.getLong("spent.last30Days") - before.getLong("spent.last30Days"));
        assertEquals(after.getLong("spent.last30Days"), perDay.stream().mapToLong(Integer::longValue).sum());
        assertEquals(after.getLong("spent.last7Days"), perDay.subList(23, 30).stream().mapToLong(Integer::longValue).sum());
        asCustomer("someone").get("/ledger/overview").then().statusCode(403);
    }
}
