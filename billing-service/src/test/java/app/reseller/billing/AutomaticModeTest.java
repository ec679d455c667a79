package app.reseller.billing;

import app.reseller.billing.service.AutoTopUpService;
import app.reseller.platform.events.contract.BillingEvents.ChannelExtensionRequested;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.strings;
import static app.reseller.billing.BillingTestSupport.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** AUTOMATIC mode: a channel nearing activeTill gets exactly one extension request per period. */
@BillingTest
class AutomaticModeTest {

    @Inject
    AutoTopUpService autoTopUp;

    @Test
    void aChannelNearingActiveTillGetsExactlyOneExtensionRequestPerPeriod() throws Throwable {
        LedgerInvariantsTest.topUpPool(500);
        String customer = BillingTestSupport.automaticCustomer("auto", 2);
        String channel = customer + "-ch";

        // a new TRIAL channel: its first paid extension is requested at once, days allocated from the pool
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "shop", "trial",
                Instant.now().plus(5, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 1);
        assertEquals(0, balance(Accounts.customer(customer)), "30 days allocated from the pool, all reserved");

        // the scheduler runs every second in tests; run it by hand too: nothing more is requested
        for (int i = 0; i < 3; i++) {
            VertxContextSupport.subscribeAndAwait(() -> autoTopUp.runOnce());
        }
        await("one open request, never two").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 1);

        UUID request = JSON.readValue(billingEvents(ChannelExtensionRequested.TYPE, customer).get(0).value(),
                ChannelExtensionRequested.class).requestId();
        publishChannelEvent(channel, ChannelExtended.TYPE, new ChannelExtended(request, channel, 30,
                Instant.now().plus(35, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "CONFIRMED".equals(strings("select status from ledger_transfer where request_id = '" + request + "'").get(0)));
        for (int i = 0; i < 3; i++) {
            VertxContextSupport.subscribeAndAwait(() -> autoTopUp.runOnce());
        }
        await("the period is paid: no new request").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 1);

        // once activeTill nears again, the next period's request comes, and only one
        BillingTestSupport.execute("update billing_channel set active_till = now() + interval '1 day' where channel_id = '" + channel + "'");
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 2);
        await("the next period's request only").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 2);

        asAdmin().body(Map.of("mode", "MANUAL")).put("/customers/" + customer + "/allocation-mode").then().statusCode(200);
    }
}
