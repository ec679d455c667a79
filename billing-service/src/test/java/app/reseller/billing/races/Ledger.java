package app.reseller.billing.races;

import app.reseller.billing.Accounts;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.infra.TestCallers.asAdmin;
import static org.awaitility.Awaitility.await;

/** The admin's ledger moves the race suites start from, through billing's API. */
final class Ledger {

    private Ledger() {
    }

    static void topUpPool(long days) {
        asAdmin().body(Map.of("days", days, "reference", "race suite")).post("/ledger/top-ups").then().statusCode(201);
    }

    static void allocate(String customer, long days) {
        asAdmin().body(Map.of("customerId", customer, "days", days, "reference", "test")).post("/ledger/allocations").then().statusCode(201);
    }

    /** A channel billing knows of (as if channel-service had reported it created). */
    static void channelCreated(String channel, String customer) {
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "race", "TRIAL",
                Instant.now().plus(Duration.ofDays(5))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from billing_channel where channel_id = '" + channel + "'") == 1);
    }

    static UUID reserveExtension(String channel, int days) {
        return UUID.fromString(asAdmin().body(Map.of("channelId", channel, "days", days, "comment", "race suite"))
                .post("/ledger/extensions").then().statusCode(202).extract().jsonPath().getString("requestId"));
    }

    /** Runs a service call on a Vert.x context from a test thread (as a replica's scheduler would), and waits for it. */
    static <T> T onVertx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> call) throws Exception {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(call);
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            throw new Exception(t);
        }
    }

    static long customerBalance(String customer) {
        return balance(Accounts.customer(customer));
    }

    static String plan(int maxChannels, int periodDays, int extensionDays) {
        return asAdmin().body(Map.of("name", "race-" + UUID.randomUUID().toString().substring(0, 8), "maxChannels", maxChannels,
                        "periodDays", periodDays, "extensionDays", extensionDays, "price", 10, "currency", "idr"))
                .post("/plans").then().statusCode(201).extract().jsonPath().getString("id");
    }
}
