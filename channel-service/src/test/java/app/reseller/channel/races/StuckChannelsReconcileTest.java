package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import app.reseller.channel.service.ChannelReconciler;
import app.reseller.infra.TestClock;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.channelEventTypes;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash between reserving a slot and WHAPI's answer, or in the middle of a delete, leaves a
 * channel CREATING or DELETING. The reconciler finishes it once it is older than the stuck limit
 * (time moved by an injected clock): adopted if WHAPI has it, rolled back if not, delete resumed.
 */
@ChannelTest
class StuckChannelsReconcileTest {

    @Inject
    ChannelReconciler reconciler;

    @Test
    void channelsLeftCreatingOrDeletingByACrashAreFinished() throws Throwable {
        String customer = newCustomer();
        entitle(customer, 3, 10);
        // crashed after WHAPI created it: WHAPI has a channel with our id tag, we never stored its answer
        UUID adopted = crashedWhileCreating(customer, "adopt me");
        sandbox().header("Authorization", "Bearer sandbox-partner-token")
                .body(Map.of("name", "adopt me [" + adopted.toString().substring(0, 8) + "]", "projectId", "HPN0H0hFDL1GFg154PI"))
                .put("/manager/channels").then().statusCode(200);
        // crashed before WHAPI created anything
        UUID rolledBack = crashedWhileCreating(customer, "never made");
        // crashed in the middle of a delete
        String deleting = createChannel(customer, "half deleted");
        DB.execute("update channel set state = 'DELETING' where id = '" + deleting + "'");
        asCustomer(customer).body(Map.of("name", "fourth")).post("/channels").then().statusCode(409); // 3 slots held

        // not stuck yet: nothing happens
        assertEquals(new ChannelReconciler.Outcome(0, 0, 0), VertxContextSupport.subscribeAndAwait(() -> reconciler.runOnce()));

        QuarkusMock.installMockForType(new TestClock().advance(Duration.ofMinutes(10)), Clock.class);
        VertxContextSupport.subscribeAndAwait(() -> reconciler.runOnce());
        assertEquals(List.of("ACTIVE"), DB.strings("select state from channel where id = '" + adopted + "'"));
        assertTrue(DB.strings("select whapi_id from channel where id = '" + adopted + "'").get(0) != null);
        assertEquals(List.of(ChannelCreated.TYPE), channelEventTypes(adopted.toString()).stream()
                .filter(ChannelCreated.TYPE::equals).toList(), "the adopted channel is announced once");
        assertEquals(List.of("FAILED"), DB.strings("select state from channel where id = '" + rolledBack + "'"));
        assertEquals(List.of("DELETED"), DB.strings("select state from channel where id = '" + deleting + "'"));
        assertEquals(1, channelEventTypes(deleting).stream().filter(ChannelDeleted.TYPE::equals).count());
        // two slots are free again (the rolled-back and the deleted one)
        asCustomer(customer).body(Map.of("name", "fourth")).post("/channels").then().statusCode(201);
    }

    private static UUID crashedWhileCreating(String customer, String name) {
        UUID id = UUID.randomUUID();
        DB.execute("insert into channel (id, customer_id, name, state) values ('" + id + "', '" + customer + "', '" + name
                + "', 'CREATING')");
        return id;
    }
}
