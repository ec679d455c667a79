package app.reseller.channel;

import app.reseller.channel.service.ChannelReconciler;
import app.reseller.infra.TestClock;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import app.reseller.platform.events.contract.ChannelEvents.ChannelPaused;
import app.reseller.platform.events.contract.ChannelEvents.ChannelResumed;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.channelEventTypes;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.data;
import static app.reseller.channel.ChannelTestSupport.extensionsAtWhapi;
import static app.reseller.channel.ChannelTestSupport.fault;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.channel.ChannelTestSupport.requestExtension;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiCalls;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.channel.ChannelTestSupport.wire;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pause and resume against the WHAPI sandbox: the stop with saveDays, the saved days computed from
 * activeTill before and after (WHAPI says only {success}) and announced once whatever fails, the slot
 * kept, sends refused, and the start again.
 */
@ChannelTest
class PauseResumeTest extends CleanWhapiPerTest {

    @Inject
    ChannelReconciler reconciler;

    @Test
    void aPausedChannelGivesItsDaysBackOnceKeepsItsSlotSendsNothingAndRunsAgainWhenResumed() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 1);
        String whapiId = whapiIdOf(channel);
        requestExtension(UUID.randomUUID(), channel, customer, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> channelEvents(ChannelExtended.TYPE, channel).size() == 1);

        long partnerBefore = partnerBalance();
        asCustomer(customer).post("/channels/" + channel + "/pause").then().statusCode(200).body("state", is("PAUSED"));

        await().until(() -> channelEvents(ChannelPaused.TYPE, channel).size() == 1);
        long saved = data(channelEvents(ChannelPaused.TYPE, channel).get(0)).get("savedDays").asLong();
        assertEquals(14, saved, "5 trial days and 10 paid, less the seconds since WHAPI created it: 14 whole days");
        assertEquals(saved, partnerBalance() - partnerBefore, "the event says what WHAPI withdrew to the partner balance");
        sandbox().header("Authorization", "Bearer " + ChannelTestResource.PARTNER_TOKEN).get("/manager/channels/" + whapiId)
                .then().body("stopped", is(true));

        // a repeat answers as it is and gives nothing back again
        asCustomer(customer).post("/channels/" + channel + "/pause").then().statusCode(200).body("state", is("PAUSED"));
        assertEquals(1, channelEvents(ChannelPaused.TYPE, channel).size());
        // it keeps its slot (the plan allows one) and its number; it sends nothing and WHAPI is not asked
        asCustomer(customer).body(Map.of("name", "another")).post("/channels").then().statusCode(409)
                .body("title", is("Channel limit reached"));
        long callsBefore = whapiCalls();
        asCustomer(customer).body(Map.of("to", "6281234567890", "type", "text", "text", "hello")).post("/channels/" + channel + "/messages")
                .then().statusCode(409).contentType("application/problem+json").body("type", is("urn:reseller:problem:channel-paused"));
        assertEquals(callsBefore, whapiCalls());
        asCustomer(customer).post("/channels/" + channel + "/sync").then().statusCode(409);
        // an extension asked while paused is failed (billing gives its days back), never applied at WHAPI
        UUID whilePaused = UUID.randomUUID();
        requestExtension(whilePaused, channel, customer, 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> channelEvents(ChannelExtensionFailed.TYPE, channel).size() == 1);
        assertEquals(1, extensionsAtWhapi(whapiId));

        asCustomer(customer).post("/channels/" + channel + "/resume").then().statusCode(200).body("state", is("ACTIVE"));
        await().until(() -> channelEvents(ChannelResumed.TYPE, channel).size() == 1);
        // started again at WHAPI, once (the repeat below asks nothing); its days come with billing's next extension
        assertEquals(1, wire().count(e -> e.method().equals("POST") && e.path().equals("/manager/channels/" + whapiId + "/start")
                && e.status() == 200));
        asCustomer(customer).post("/channels/" + channel + "/resume").then().statusCode(200).body("state", is("ACTIVE"));
        assertEquals(1, channelEvents(ChannelResumed.TYPE, channel).size());
        assertEquals(1, wire().count(e -> e.path().equals("/manager/channels/" + whapiId + "/start")));
        // no longer paused: it sends again once billing's extension gives it days (its activeTill is still the stop's)
        asCustomer(customer).body(Map.of("to", "6281234567890", "type", "text", "text", "hello")).post("/channels/" + channel + "/messages")
                .then().statusCode(409).body("type", is("urn:reseller:problem:channel-expired"));
        // each step in the activity trail under its operation
        assertEquals(1, DB.number("select count(*) from activity where target like '%" + channel + "%' and action = 'pauseChannel'"));
        assertEquals(1, DB.number("select count(*) from activity where target like '%" + channel + "%' and action = 'resumeChannel'"));
        // a channel not ACTIVE or PAUSED cannot be paused, another customer's is not found
        asCustomer(newCustomer()).post("/channels/" + channel + "/pause").then().statusCode(404);
        asAdmin().post("/channels/" + UUID.randomUUID() + "/pause").then().statusCode(404);
    }

    @Test
    void aPauseWhoseStopFailsIsFinishedByARepeatAndAnnouncesTheSavedDaysOnce() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 1);
        String whapiId = whapiIdOf(channel);
        long partnerBefore = partnerBalance();

        // WHAPI applies every stop but its answers are lost (the client's retries too): the pause fails half-way
        fault("LOST_ANSWER", "POST", "/manager/channels/" + whapiId + "/stop", null, 10);
        int failed = asCustomer(customer).post("/channels/" + channel + "/pause").then().extract().statusCode();
        assertTrue(failed >= 500, "the stop's outcome is unknown: " + failed);
        assertEquals("PAUSING", DB.strings("select state from channel where id = '" + channel + "'").get(0));
        assertEquals(4, partnerBalance() - partnerBefore, "WHAPI withdrew the 4 whole trial days left, once");
        assertEquals(0, channelEvents(ChannelPaused.TYPE, channel).size());
        asCustomer(customer).delete("/channels/" + channel).then().statusCode(409); // not while it is being paused

        // the repeat: WHAPI has stopped it already (its activeTill is now), the days before were kept
        ChannelTestSupport.clearFaults();
        asCustomer(customer).post("/channels/" + channel + "/pause").then().statusCode(200).body("state", is("PAUSED"));
        await().until(() -> channelEvents(ChannelPaused.TYPE, channel).size() == 1);
        assertEquals(4, data(channelEvents(ChannelPaused.TYPE, channel).get(0)).get("savedDays").asLong());
        assertEquals(4, partnerBalance() - partnerBefore);

        // a paused channel is deleted with nothing more unused (its days went back on the pause)
        asCustomer(customer).delete("/channels/" + channel).then().statusCode(204);
        await().until(() -> channelEventTypes(channel).contains("channel.ChannelDeleted.v1"));
        assertEquals(0, DB.number("select (payload->>'unusedDays')::int from outbox_event where aggregateid = '" + channel
                + "' and type = 'channel.ChannelDeleted.v1'"));
    }

    @Test
    void aPauseLeftHalfWayByACrashIsFinishedByTheReconciler() throws Throwable {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 1);
        String whapiId = whapiIdOf(channel);
        fault("ERROR", "POST", "/manager/channels/" + whapiId + "/stop", 503, 10);
        asCustomer(customer).post("/channels/" + channel + "/pause").then().statusCode(503);
        assertEquals("PAUSING", DB.strings("select state from channel where id = '" + channel + "'").get(0));
        ChannelTestSupport.clearFaults();

        try {
            QuarkusMock.installMockForType(new TestClock().advance(Duration.ofMinutes(10)), Clock.class);
            VertxContextSupport.subscribeAndAwait(() -> reconciler.runOnce());
        } finally {
            QuarkusMock.installMockForType(Clock.systemUTC(), Clock.class);
        }
        assertEquals("PAUSED", DB.strings("select state from channel where id = '" + channel + "'").get(0));
        await().until(() -> channelEvents(ChannelPaused.TYPE, channel).size() == 1);
        assertEquals(4, data(channelEvents(ChannelPaused.TYPE, channel).get(0)).get("savedDays").asLong());
    }

    private static long partnerBalance() {
        return sandbox().get("/_sandbox/whapi/partner").then().extract().jsonPath().getLong("balanceDays");
    }
}
