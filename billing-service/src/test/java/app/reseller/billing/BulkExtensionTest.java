package app.reseller.billing;

import app.reseller.platform.events.contract.BillingEvents.ChannelExtensionRequested;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import app.reseller.platform.events.contract.ChannelEvents.ChannelPaused;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extending many channels at once: one reservation per channel in one transaction (all or none),
 * paused channels and open extensions left out with why, progress read from each channel's saga,
 * the dry run, the Idempotency-Key, bad requests, and a bulk extension racing single extensions of
 * its own channels.
 */
@BillingTest
class BulkExtensionTest {

    @Test
    void extendsACustomersFleetAndShowsEachChannelsProgress() throws Exception {
        String customer = unique("fleet");
        List<String> channels = channelsOf(customer, 4);
        publishChannelEvent(channels.get(3), ChannelPaused.TYPE, new ChannelPaused(channels.get(3), customer, 0));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from billing_channel where paused and channel_id = '" + channels.get(3) + "'") == 1);
        LedgerInvariantsTest.topUpPool(500);
        LedgerInvariantsTest.allocate(customer, 100);
        ChannelSagaTest.extend(channels.get(2), 10); // still open: the job leaves it alone
        long transfersBefore = number("select count(*) from ledger_transfer where customer_id = '" + customer + "'");

        // the dry run: what it would do, and nothing reserved or stored
        JsonPath plan = asAdmin().body(Map.of("filter", Map.of("customerId", customer), "days", 30, "comment", "December", "dryRun", true))
                .post("/ledger/extensions/bulk").then().statusCode(200).extract().jsonPath();
        assertEquals(4, plan.getInt("count"));
        assertEquals(2, plan.getInt("extended"));
        assertEquals("extension-in-progress", plan.getString("channels.find { it.channelId == '" + channels.get(2) + "' }.leftOutBecause"));
        assertEquals("channel-paused", plan.getString("channels.find { it.channelId == '" + channels.get(3) + "' }.leftOutBecause"));
        assertEquals(List.of(Map.of("customerId", customer, "balanceDays", 90, "neededDays", 60, "missingDays", 0)), plan.getList("customers"));
        assertEquals(transfersBefore, number("select count(*) from ledger_transfer where customer_id = '" + customer + "'"));
        assertEquals(0, number("select count(*) from bulk_extension_item where customer_id = '" + customer + "'"));

        // the job: the two others reserved at once, each asked of channel-service
        String key = UUID.randomUUID().toString();
        Response accepted = start(Map.of("filter", Map.of("customerId", customer), "days", 30, "comment", "December"), key);
        accepted.then().statusCode(202).body("total", is(4)).body("pending", is(2)).body("skipped", is(2)).body("finished", is(false))
                .body("customerId", is(customer));
        JsonPath job = accepted.jsonPath();
        String id = job.getString("id");
        assertEquals(30, balance(Accounts.customer(customer)));
        UUID first = UUID.fromString(job.getString("items.find { it.channelId == '" + channels.get(0) + "' }.requestId"));
        UUID second = UUID.fromString(job.getString("items.find { it.channelId == '" + channels.get(1) + "' }.requestId"));
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(ChannelExtensionRequested.TYPE, customer).size() == 3);
        List<ChannelExtensionRequested> asked = new ArrayList<>();
        for (var record : billingEvents(ChannelExtensionRequested.TYPE, customer)) {
            asked.add(JSON.readValue(record.value(), ChannelExtensionRequested.class));
        }
        assertTrue(asked.contains(new ChannelExtensionRequested(first, channels.get(0), customer, 30, "December")), asked.toString());
        assertTrue(asked.contains(new ChannelExtensionRequested(second, channels.get(1), customer, 30, "December")), asked.toString());

        // the same key: the same job, nothing reserved again
        start(Map.of("filter", Map.of("customerId", customer), "days", 30, "comment", "December"), key)
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("id", is(id));
        assertEquals(30, balance(Accounts.customer(customer)));

        // each channel's saga settles its item: one extended, one refused by WHAPI (its days come back)
        publishChannelEvent(channels.get(0), ChannelExtended.TYPE, new ChannelExtended(first, channels.get(0), 30,
                Instant.now().plus(35, ChronoUnit.DAYS)));
        publishChannelEvent(channels.get(1), ChannelExtensionFailed.TYPE, new ChannelExtensionFailed(second, channels.get(1), "WHAPI 403", false));
        await().atMost(Duration.ofSeconds(30)).until(() -> asAdmin().get("/ledger/extensions/bulk/" + id).jsonPath().getBoolean("finished"));
        asAdmin().get("/ledger/extensions/bulk/" + id).then().statusCode(200)
                .body("done", is(1)).body("failed", is(1)).body("pending", is(0)).body("skipped", is(2))
                .body("items.find { it.channelId == '" + channels.get(0) + "' }.state", is("DONE"))
                .body("items.find { it.channelId == '" + channels.get(1) + "' }.state", is("FAILED"))
                .body("items.find { it.channelId == '" + channels.get(1) + "' }.detail", is("WHAPI 403"))
                .body("items.find { it.channelId == '" + channels.get(2) + "' }.detail", is("extension-in-progress"))
                .body("items.channelId", containsInAnyOrder(channels.toArray()));
        assertEquals(60, balance(Accounts.customer(customer)), "the refused channel's 30 days came back");
        assertEquals(1, number("select count(*) from activity where action = 'startBulkExtension' and target = 'bulk-extension:" + id + "'"));
    }

    @Test
    void aCustomerShortOfDaysGetsNoneOfThemAndIsToldWhatItHasAndNeeds() {
        String customer = unique("short");
        List<String> channels = channelsOf(customer, 3);
        LedgerInvariantsTest.topUpPool(100);
        LedgerInvariantsTest.allocate(customer, 50);

        start(Map.of("channelIds", channels, "days", 30, "comment", "not enough"), null).then().statusCode(409)
                .contentType("application/problem+json").body("type", is("urn:reseller:problem:insufficient-balance"))
                .body("balanceDays", is(50)).body("requestedDays", is(90));
        assertEquals(50, balance(Accounts.customer(customer)));
        assertEquals(0, number("select count(*) from ledger_transfer where kind = 'EXTEND' and customer_id = '" + customer + "'"),
                "not one of the channels got its days");
        assertEquals(0, number("select count(*) from bulk_extension_item where customer_id = '" + customer + "'"));

        // the list may name a channel twice: it is extended once
        start(Map.of("channelIds", List.of(channels.get(0), channels.get(0)), "days", 30, "comment", "once"), null).then().statusCode(202)
                .body("total", is(1)).body("pending", is(1));
        assertEquals(20, balance(Accounts.customer(customer)));
    }

    @Test
    void badRequestsNameTheirFieldAndReserveNothing() {
        String customer = unique("bad");
        List<String> channels = channelsOf(customer, 1);
        LedgerInvariantsTest.topUpPool(20);
        LedgerInvariantsTest.allocate(customer, 10);

        start(Map.of("days", 5, "comment", "x"), null).then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", containsInAnyOrder("channelIds", "filter"));
        start(Map.of("channelIds", channels, "filter", Map.of("customerId", customer), "days", 5, "comment", "x"), null)
                .then().statusCode(400).body("violations.field", containsInAnyOrder("channelIds", "filter"));
        start(Map.of("channelIds", channels, "days", 0, "comment", "x"), null).then().statusCode(400).body("violations[0].field", is("days"));
        start(Map.of("channelIds", channels, "days", 5, "comment", " "), null).then().statusCode(400).body("violations[0].field", is("comment"));
        start(Map.of("channelIds", List.of(), "days", 5, "comment", "x"), null).then().statusCode(400)
                .body("violations[0].field", is("channelIds"));
        start(Map.of("channelIds", IntStream.range(0, 1001).mapToObj(i -> "c" + i).toList(), "days", 5, "comment", "x"), null)
                .then().statusCode(400).body("violations[0].field", is("channelIds"));
        start(Map.of("channelIds", List.of(channels.get(0), "not-a-channel"), "days", 5, "comment", "x"), null).then().statusCode(404);
        start(Map.of("channelIds", List.of(UUID.randomUUID().toString()), "days", 5, "comment", "x"), null).then().statusCode(409)
                .body("type", is("urn:reseller:problem:channel-not-yet-known")).header("Retry-After", "2");
        asCustomer(customer).body(Map.of("channelIds", channels, "days", 5, "comment", "x")).post("/ledger/extensions/bulk")
                .then().statusCode(403);
        asAdmin().get("/ledger/extensions/bulk/" + UUID.randomUUID()).then().statusCode(404);
        asAdmin().get("/ledger/extensions/bulk/not-an-id").then().statusCode(404);
        assertEquals(10, balance(Accounts.customer(customer)));
        assertEquals(0, number("select count(*) from ledger_transfer where kind = 'EXTEND' and customer_id = '" + customer + "'"));
    }

    /**
     * A bulk extension of a customer's five channels and a single extension of each, all at once,
     * 10 rounds: each channel gets at most one open extension, the bulk gets all its channels or
     * none (409, never a 500), and the balance is what the answers say was reserved.
     */
    @Test
    void aBulkExtensionRacingSingleExtensionsOfItsChannelsReservesEachChannelOnce() throws Exception {
        LedgerInvariantsTest.topUpPool(10 * 1000);
        for (int round = 0; round < 10; round++) {
            String customer = unique("race");
            List<String> channels = channelsOf(customer, 5);
            LedgerInvariantsTest.allocate(customer, 1000);
            List<Callable<Response>> calls = new ArrayList<>();
            calls.add(() -> start(Map.of("filter", Map.of("customerId", customer), "days", 10, "comment", "bulk"), null));
            for (String channel : channels) {
                calls.add(() -> asAdmin().body(Map.of("channelId", channel, "days", 10, "comment", "single")).post("/ledger/extensions"));
            }
            List<Response> answers = LedgerInvariantsTest.runConcurrently(calls);

            long reserved = 0;
            for (Response answer : answers) {
                assertTrue(answer.statusCode() == 202 || answer.statusCode() == 409, "round " + round + ": " + answer.asString());
            }
            Response bulk = answers.get(0);
            if (bulk.statusCode() == 202) {
                reserved += bulk.jsonPath().getLong("pending");
                assertEquals(5, bulk.jsonPath().getInt("pending") + bulk.jsonPath().getInt("skipped"));
            }
            reserved += answers.subList(1, answers.size()).stream().filter(a -> a.statusCode() == 202).count();
            for (String channel : channels) {
                assertEquals(1, number("select count(*) from ledger_transfer where status = 'RESERVED' and channel_id = '" + channel + "'"),
                        "round " + round + ": channel " + channel + " has one open extension");
            }
            assertEquals(5, reserved, "round " + round + ": every channel was reserved by exactly one of the answers");
            assertEquals(1000 - 10 * reserved, balance(Accounts.customer(customer)), "round " + round);
        }
    }

    private static Response start(Map<String, ?> body, String key) {
        var request = asAdmin().body(body);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/ledger/extensions/bulk");
    }

    /** n channels of the customer, known to billing (their ChannelCreated consumed). */
    private static List<String> channelsOf(String customer, int n) {
        List<String> channels = IntStream.range(0, n).mapToObj(i -> UUID.randomUUID().toString()).toList();
        for (String channel : channels) {
            publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "shop", "trial", Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from billing_channel where customer_id = '" + customer + "'") == n);
        return channels;
    }
}
