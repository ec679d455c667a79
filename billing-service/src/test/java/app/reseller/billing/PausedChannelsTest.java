package app.reseller.billing;

import app.reseller.billing.service.AutoTopUpService;
import app.reseller.platform.events.contract.BillingEvents.ChannelExtensionRequested;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelPaused;
import app.reseller.platform.events.contract.ChannelEvents.ChannelResumed;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.send;
import static app.reseller.billing.BillingTestSupport.strings;
import static app.reseller.infra.TestCallers.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The billing side of pause and resume: a paused channel's saved days go back to its customer up to
 * what was confirmed paid (never its trial days), once however often the event comes; the automatic
 * top-up leaves a paused channel alone; a resumed one is extended again at once (AUTOMATIC).
 */
@BillingTest
class PausedChannelsTest {

    @Inject
    AutoTopUpService autoTopUp;

    @Test
    void aPausedChannelsPaidDaysComeBackOnceItIsLeftAloneAndAResumedOneIsExtendedAgain() throws Throwable {
        LedgerInvariantsTest.topUpPool(500);
        String customer = BillingTestSupport.automaticCustomer("pause", 2);
        String channel = UUID.randomUUID().toString();
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "seasonal", "trial",
                Instant.now().plus(5, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 1);
        UUID first = JSON.readValue(billingEvents(ChannelExtensionRequested.TYPE, customer).get(0).value(),
                ChannelExtensionRequested.class).requestId();
        publishChannelEvent(channel, ChannelExtended.TYPE, new ChannelExtended(first, channel, 30, Instant.now().plus(35, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "CONFIRMED".equals(strings("select status from ledger_transfer where request_id = '" + first + "'").get(0)));
        assertEquals(0, balance(Accounts.customer(customer)));

        // WHAPI withdrew 34 whole days on the stop (4 trial + 30 paid): the 30 paid come back, once
        var paused = publishChannelEvent(channel, ChannelPaused.TYPE, new ChannelPaused(channel, customer, 34));
        send(paused);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from ledger_transfer where kind = 'REFUND' and channel_id = '" + channel + "'") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(Accounts.customer(customer)) == 30);
        assertEquals(0, balance(Accounts.channel(channel)));
        assertEquals("channel paused", strings("select reason from ledger_transfer where kind = 'REFUND' and channel_id = '"
                + channel + "'").get(0));
        assertEquals("true", strings("select paused::text from billing_channel where channel_id = '" + channel + "'").get(0));

        // near its activeTill, a paused channel is not topped up (the scheduler runs every second in tests, and by hand here)
        BillingTestSupport.execute("update billing_channel set active_till = now() where channel_id = '" + channel + "'");
        for (int i = 0; i < 3; i++) {
            VertxContextSupport.subscribeAndAwait(() -> autoTopUp.runOnce());
        }
        await("no extension for a paused channel").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 1);
        assertEquals(1, number("select count(*) from ledger_transfer where kind = 'REFUND' and channel_id = '" + channel + "'"));

        // resumed: extended at once from the days it gave back
        publishChannelEvent(channel, ChannelResumed.TYPE, new ChannelResumed(channel, customer));
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 2);
        assertEquals(0, balance(Accounts.customer(customer)), "the 30 days are reserved for the resumed channel");
        assertEquals("false", strings("select paused::text from billing_channel where channel_id = '" + channel + "'").get(0));
        await("one extension, not one per scheduler run").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 2);

        asAdmin().body(java.util.Map.of("mode", "MANUAL")).put("/customers/" + customer + "/allocation-mode").then().statusCode(200);
    }

    @Test
    void aTrialChannelPausedGivesNothingBack() {
        String customer = BillingTestSupport.unique("pause-trial");
        String channel = UUID.randomUUID().toString();
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "x", "trial", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from billing_channel where channel_id = '" + channel + "'") == 1);
        publishChannelEvent(channel, ChannelPaused.TYPE, new ChannelPaused(channel, customer, 4));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "true".equals(strings("select paused::text from billing_channel where channel_id = '" + channel + "'").get(0)));
        assertEquals(0, balance(Accounts.customer(customer)), "trial days were never paid for");
        assertEquals(0, number("select count(*) from ledger_transfer where channel_id = '" + channel + "'"));
    }
}
