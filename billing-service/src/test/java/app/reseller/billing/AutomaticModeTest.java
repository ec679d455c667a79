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
        String customer = unique("auto");
        String channel = customer + "-ch";
        LedgerInvariantsTest.topUpPool(500);
        String plan = asAdmin().body(Map.of("name", unique("Auto plan"), "maxChannels", 2, "periodDays", 30,
                        "extensionDays", 30, "price", 100, "currency", "IDR"))
                .post("/plans").then().statusCode(201).extract().jsonPath().getString("id");
        String subscription = asCustomer(customer).body(Map.of("planId", plan)).post("/subscriptions")
                .then().statusCode(201).extract().jsonPath().getString("id");
        asAdmin().post("/subscriptions/" + subscription + "/confirm-payment").then().statusCode(200);
        asAdmin().body(Map.of("mode", "AUTOMATIC")).put("/customers/" + customer + "/allocation-mode").then().statusCode(200);

        // a new TRIAL channel: its first paid extension is requested at once, days allocated from the pool
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "shop", "trial",
                Instant.now().plus(5, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 1);
        assertEquals(0, balance(Accounts.customer(customer)), "30 days allocated from the pool, all reserved");

        // the scheduler runs every second in tests; run it by hand too: nothing more is requested
        for (int i = 0; i < 3; i++) {
            VertxContextSupport.subscribeAndAwait(() -> autoTopUp.runOnce());
        }
        Thread.sleep(2_000);
        assertEquals(1, billingEvents(ChannelExtensionRequested.TYPE, customer).size(), "one open request, never two");

        UUID request = JSON.readValue(billingEvents(ChannelExtensionRequested.TYPE, customer).get(0).value(),
                ChannelExtensionRequested.class).requestId();
        publishChannelEvent(channel, ChannelExtended.TYPE, new ChannelExtended(request, channel, 30,
                Instant.now().plus(35, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "CONFIRMED".equals(strings("select status from ledger_transfer where request_id = '" + request + "'").get(0)));
        for (int i = 0; i < 3; i++) {
            VertxContextSupport.subscribeAndAwait(() -> autoTopUp.runOnce());
        }
        Thread.sleep(2_000);
        assertEquals(1, billingEvents(ChannelExtensionRequested.TYPE, customer).size(), "the period is paid: no new request");

        // once activeTill nears again, the next period's request comes, and only one
        BillingTestSupport.execute("update billing_channel set active_till = now() + interval '1 day' where channel_id = '" + channel + "'");
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 2);
        Thread.sleep(2_000);
        assertEquals(2, billingEvents(ChannelExtensionRequested.TYPE, customer).size());

        asAdmin().body(Map.of("mode", "MANUAL")).put("/customers/" + customer + "/allocation-mode").then().statusCode(200);
    }
}
