package app.reseller.billing;

import app.reseller.platform.events.contract.BillingEvents.ChannelExtensionRequested;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static app.reseller.billing.BillingTestSupport.DB;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.consumed;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The first paid extension of an AUTOMATIC customer's new channel, when it cannot be made at once:
 * a transient failure fails the ChannelCreated, which is retried until the extension is requested;
 * a refusal (no days left) is final for that event: recorded, never retried, the replica kept.
 */
@BillingTest
class FirstPaidExtensionFailuresTest {

    @Test
    void aTransientFailureIsRetriedUntilTheExtensionIsRequested() throws Exception {
        LedgerInvariantsTest.topUpPool(100);
        String customer = automaticCustomer(1);
        String channel = customer + "-ch";
        double appliedBefore = consumed("applied");
        try (Connection holder = DB.open(); Statement sql = holder.createStatement()) {
            // the customer's account row is held by another transaction: the top-up waits on its lock
            sql.execute("insert into ledger_account (id, kind, owner_id) values ('CUSTOMER:" + customer + "', 'CUSTOMER', '"
                    + customer + "') on conflict (id) do nothing");
            holder.setAutoCommit(false);
            sql.execute("select id from ledger_account where id = 'CUSTOMER:" + customer + "' for update");

            publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "shop", "trial",
                    Instant.now().plus(5, ChronoUnit.DAYS)));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnTheLock().size() == 1);
            String first = waitingOnTheLock().get(0);
            // ... and its connection is cut, as a database restart or a failover cuts it: a transient failure
            sql.execute("select pg_terminate_backend(" + first + ")");
            // the event is tried again, on another connection, and waits for the lock again
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnTheLock().size() == 1 && !waitingOnTheLock().contains(first));
            assertEquals(0, billingEvents(ChannelExtensionRequested.TYPE, customer).size());
            holder.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 1);
        assertEquals(1, number("select count(*) from billing_channel where channel_id = '" + channel + "'"));
        assertEquals(1, number("select count(*) from ledger_transfer where channel_id = '" + channel + "' and status = 'RESERVED'"));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumed("applied") > appliedBefore);
    }

    @Test
    void aRefusalIsRecordedAndNotRetried() {
        LedgerInvariantsTest.topUpPool(100);
        String customer = automaticCustomer(1); // one channel's days per period: 30
        publishChannelEvent(customer + "-ch1", ChannelCreated.TYPE, new ChannelCreated(customer + "-ch1", customer, "one", "trial",
                Instant.now().plus(5, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 1);

        double refusedBefore = refused();
        double deadBefore = consumed("dead-lettered");
        // a second channel: the period's days are spent, the pool may not give more, the customer has none
        String second = customer + "-ch2";
        publishChannelEvent(second, ChannelCreated.TYPE, new ChannelCreated(second, customer, "two", "trial",
                Instant.now().plus(5, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> refused() == refusedBefore + 1);
        assertEquals(1, number("select count(*) from billing_channel where channel_id = '" + second + "'"), "the replica is kept");
        // recorded once: the event is applied, not retried and not dead-lettered
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> refused() == refusedBefore + 1
                && consumed("dead-lettered") == deadBefore
                && billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 1);
        assertEquals(0, number("select count(*) from ledger_transfer where channel_id = '" + second + "'"));
    }

    private static String automaticCustomer(int maxChannels) {
        return BillingTestSupport.automaticCustomer("first-paid", maxChannels);
    }

    /** The backends (process ids) of this database waiting for a lock. */
    private static java.util.List<String> waitingOnTheLock() {
        return DB.strings("select pid::text from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
    }

    private static double refused() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("auto_top_up_refused_total\\{reason=\"insufficient-balance\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
