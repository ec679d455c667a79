package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.publishBillingEvent;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The entitlement replica keeps the newest snapshot by billing's per-customer version, whatever order they arrive in. */
@ChannelTest
class EntitlementVersionsTest {

    @Test
    void anOlderSnapshotArrivingLastNeverWins() {
        String customer = newCustomer();
        // billing cancelled (version 7) after it had activated (version 6); the older snapshot arrives last
        publishBillingEvent(customer, EntitlementChanged.TYPE, new EntitlementChanged(customer, false, 0, 0, "MANUAL", 7));
        publishBillingEvent(customer, EntitlementChanged.TYPE, new EntitlementChanged(customer, true, 3, 50, "MANUAL", 6));
        // an unversioned PlanActivated (from the same transaction as some snapshot) changes a versioned replica no more
        publishBillingEvent(customer, "billing.PlanActivated.v1", Map.of("customerId", customer, "maxChannels", 3));
        // the sentinel: a version 8 on the same key, so every event before it has been consumed when it shows
        publishBillingEvent(customer, EntitlementChanged.TYPE, new EntitlementChanged(customer, false, 0, 9, "MANUAL", 8));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select version from entitlement where customer_id = '"
                + customer + "'") == 8);
        assertEquals(List.of("false"), DB.strings("select active::text from entitlement where customer_id = '" + customer + "'"));
        asCustomer(customer).body(Map.of("name", "x")).post("/channels").then().statusCode(409).body("title", is("No active plan"));
    }
}
