package app.reseller.channel;

import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.data;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.fault;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.channel.ChannelTestSupport.requestExtension;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Create, extend (TRIAL -> LIVE), delete with unused days; WHAPI's errors as our problem+json. */
@ChannelTest
class ChannelLifecycleTest extends CleanWhapiPerTest {

    @Test
    void aChannelIsCreatedInTrialExtendedToLiveAndDeletedWithItsUnusedDays() {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        String channelId = asCustomer(customer).body(Map.of("name", "shop", "phone", "+6281234567890")).post("/channels")
                .then().statusCode(201).body("state", is("ACTIVE")).body("mode", is("TRIAL"))
                .body("activeTill", notNullValue()).body("phone", is("6281234567890")).extract().path("id");
        await().until(() -> channelEvents(ChannelCreated.TYPE, channelId).size() == 1);
        var created = data(channelEvents(ChannelCreated.TYPE, channelId).get(0));
        assertEquals(customer, created.get("customerId").asText());
        assertEquals("TRIAL", created.get("mode").asText());

        requestExtension(UUID.randomUUID(), channelId, customer, 30);
        await().atMost(Duration.ofSeconds(30)).until(() -> "LIVE".equals(
                asCustomer(customer).get("/channels/" + channelId).then().extract().path("mode")));
        // WHAPI restarts a channel that went live: gate calls wait, with Retry-After
        asCustomer(customer).get("/channels/" + channelId + "/qr").then().statusCode(503)
                .header("Retry-After", notNullValue()).body("title", is("The channel is restarting"));
        asAdmin().get("/channels/" + channelId + "/extensions").then().statusCode(200)
                .body("[0].state", is("EXTENDED")).body("[0].days", is(30));

        long partnerBefore = sandbox().get("/_sandbox/whapi/partner").then().extract().jsonPath().getLong("balanceDays");
        asCustomer(customer).delete("/channels/" + channelId).then().statusCode(204);
        await().until(() -> channelEvents(ChannelDeleted.TYPE, channelId).size() == 1);
        long unused = data(channelEvents(ChannelDeleted.TYPE, channelId).get(0)).get("unusedDays").asLong();
        // 5 trial days + 30 paid, minus the seconds that passed: 34 whole days, as WHAPI refunded them
        assertEquals(34, unused);
        long partnerAfter = sandbox().get("/_sandbox/whapi/partner").then().extract().jsonPath().getLong("balanceDays");
        assertEquals(unused, partnerAfter - partnerBefore, "the event says what WHAPI gave back");
        asCustomer(customer).get("/channels/" + channelId).then().statusCode(404);
        // a second delete finds nothing to delete and emits nothing
        asCustomer(customer).delete("/channels/" + channelId).then().statusCode(404);
        assertEquals(1, channelEvents(ChannelDeleted.TYPE, channelId).size());
    }

    @Test
    void whapiOutagesAndRateLimitsAnswerClearProblemsAndFreeTheSlot() {
        String customer = newCustomer();
        entitle(customer, 1, 100);

        fault("ERROR", "PUT", "/manager/channels", 503, 1);
        asCustomer(customer).body(Map.of("name", "outage")).post("/channels").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", is("30"))
                .body("type", is("urn:reseller:problem:whapi-unavailable"));

        assertEquals(0, DB.number("select count(*) from channel where customer_id = '" + customer + "' and state in ('CREATING','ACTIVE')"));
        assertEquals(1, DB.number("select count(*) from channel where customer_id = '" + customer + "' and state = 'FAILED'"));
        // the failed attempt held no slot: the plan's one channel can still be created
        createChannel(customer, "works now");
    }

    @Test
    void whapisRateLimitOnACreateQueuesTheChannelInsteadOfFailingIt() {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        try {
            fault("ERROR", "PUT", "/manager/channels", 429, 1);
            String queued = asCustomer(customer).body(Map.of("name", "rate limited")).post("/channels").then().statusCode(202)
                    .body("state", is("QUEUED")).body("queue.position", is(1)).body("queue.estimatedAt", notNullValue())
                    .extract().path("id");
            // it holds the plan's one slot, and cancelling it frees the slot without asking WHAPI
            asCustomer(customer).body(Map.of("name", "second")).post("/channels").then().statusCode(409)
                    .body("title", is("Channel limit reached"));
            asCustomer(customer).delete("/channels/" + queued).then().statusCode(204);
            assertEquals("DELETED", DB.strings("select state from channel where id = '" + queued + "'").get(0));
        } finally {
            DB.execute("update whapi_creation_window set blocked_until = null"); // the 429's wait would hold up the next tests
        }
        createChannel(customer, "works now");
    }

    @Test
    void aCreateWhoseAnswerWasLostAdoptsTheChannelWhapiMadeInsteadOfLeavingAnOrphan() {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        long before = sandbox().header("Authorization", "Bearer sandbox-partner-token").get("/manager/channels/list?count=1")
                .then().extract().jsonPath().getLong("total");
        fault("LOST_ANSWER", "PUT", "/manager/channels", null, 1);
        String channelId = asCustomer(customer).body(Map.of("name", "lost create")).post("/channels").then().statusCode(201)
                .extract().path("id");
        long after = sandbox().header("Authorization", "Bearer sandbox-partner-token").get("/manager/channels/list?count=1")
                .then().extract().jsonPath().getLong("total");
        assertEquals(before + 1, after, "exactly one channel exists at WHAPI");
        assertTrue(whapiIdOf(channelId) != null);
    }

    @Test
    void badInputIsRefusedAtTheEdge() {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        asCustomer(customer).body(Map.of("name", "")).post("/channels").then().statusCode(400)
                .contentType("application/problem+json");
        asCustomer(customer).body(Map.of("name", "x", "phone", "12ab")).post("/channels").then().statusCode(400)
                .body("violations[0].field", notNullValue());
        asCustomer(customer).get("/channels/not-a-uuid").then().statusCode(404);
        asAdmin().body(Map.of("projectId", "has spaces")).put("/admin/whapi/settings").then().statusCode(400);
        assertEquals(0, DB.number("select count(*) from channel where customer_id = '" + customer + "'"));
    }
}
