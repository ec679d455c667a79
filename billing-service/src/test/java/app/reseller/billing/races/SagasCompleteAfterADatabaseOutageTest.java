package app.reseller.billing.races;

import app.reseller.infra.PlatformInfraResource;
import app.reseller.infra.TcpProxy;
import app.reseller.infra.TestEvents;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database that refuses connections for 30 s while saga events flow (a failover): consumers
 * retry transient failures without limit, so nothing reaches the dead-letter topic, and every
 * saga completes once the database is back.
 */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = "billing"),
        @ResourceArg(name = "topics", value = "billing.events,channel.events,channel.events.billing-dlq"),
        @ResourceArg(name = "database-through-proxy", value = "true")})
class SagasCompleteAfterADatabaseOutageTest {

    private static final String DLQ = "channel.events.billing-dlq";
    private static final int SAGAS = 6;

    @AfterEach
    void databaseBack() {
        PlatformInfraResource.databaseProxy().accept();
    }

    @Test
    void aDatabaseRefusingConnectionsFor30SecondsSendsNothingToTheDlqAndEverySagaCompletes() {
        Ledger.topUpPool(30L * SAGAS);
        List<String> channels = new ArrayList<>();
        List<UUID> requests = new ArrayList<>();
        for (int i = 0; i < SAGAS; i++) {
            String customer = unique("outage");
            Ledger.allocate(customer, 30);
            Ledger.channelCreated(customer + "-ch", customer);
            channels.add(customer + "-ch");
            requests.add(Ledger.reserveExtension(customer + "-ch", 20));
        }
        int dlqBefore = TestEvents.records(DLQ, r -> true).size();
        double retriedBefore = retried();

        TcpProxy database = PlatformInfraResource.databaseProxy();
        database.refuse();
        // the sagas' outcomes arrive while the database is away: confirmed, released, released and refunded
        for (int i = 0; i < SAGAS; i++) {
            String channel = channels.get(i);
            UUID request = requests.get(i);
            switch (i % 3) {
                case 0 -> publishChannelEvent(channel, ChannelExtended.TYPE, new ChannelExtended(request, channel, 20,
                        Instant.now().plus(Duration.ofDays(25))));
                case 1 -> publishChannelEvent(channel, ChannelExtensionFailed.TYPE,
                        new ChannelExtensionFailed(request, channel, "WHAPI refused", false));
                default -> {
                    publishChannelEvent(channel, ChannelExtensionFailed.TYPE,
                            new ChannelExtensionFailed(request, channel, "the channel was deleted", false));
                    publishChannelEvent(channel, ChannelDeleted.TYPE, new ChannelDeleted(channel, channel.replace("-ch", ""), 4));
                }
            }
        }
        // 30 s of outage, and all that time nothing is dead-lettered
        await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(40))
                .until(() -> TestEvents.records(DLQ, r -> true).size() == dlqBefore);
        assertTrue(retried() > retriedBefore, "the consumer met the outage and kept retrying");
        database.accept();

        await().atMost(Duration.ofSeconds(60)).until(() -> number("select count(*) from ledger_transfer where status = 'RESERVED' "
                + "and request_id in (" + quoted(requests) + ")") == 0);
        for (int i = 0; i < SAGAS; i++) {
            String status = i % 3 == 0 ? "CONFIRMED" : "RELEASED";
            assertEquals(1, number("select count(*) from ledger_transfer where request_id = '" + requests.get(i) + "' and status = '"
                    + status + "'"), "saga " + i + " completed once, " + status);
            long balance = Ledger.customerBalance(channels.get(i).replace("-ch", ""));
            assertEquals(i % 3 == 0 ? 10 : 30, balance, "saga " + i + ": the customer's days are right");
        }
        assertEquals(dlqBefore, TestEvents.records(DLQ, r -> true).size(), "nothing went to the dead-letter topic");
    }

    private static String quoted(List<UUID> ids) {
        return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    }

    private static double retried() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("events_consumed_total\\{consumer=\"billing.channel-events\",outcome=\"retried\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
