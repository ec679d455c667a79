package app.reseller.channel;

import app.reseller.infra.TestEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.channel.ChannelTestSupport.requestExtension;
import static app.reseller.channel.ChannelTestSupport.whapiCalls;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Invariant 4 for channel-service: replaying its consumed topic (billing.events) from offset 0
 * changes no state and calls WHAPI zero times.
 */
@ChannelTest
class Invariant4ReplayCallsWhapiZeroTimesTest {

    private static final String STATE = """
            select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from (
              select concat_ws(',', customer_id, active, max_channels, balance_days) as row from entitlement
              union all select concat_ws(',', id, state, mode, link_status, active_till, paid) from channel
              union all select concat_ws(',', request_id, state, days, attempts, active_till_after) from extension_request) t
            """;

    @Test
    void replayingEveryConsumedEventFromOffsetZeroChangesNothingAndCallsNoProvider() {
        String customer = newCustomer();
        entitle(customer, 2, 50);
        String channelId = createChannel(customer, "replayed");
        requestExtension(UUID.randomUUID(), channelId, customer, 12);
        await().atMost(Duration.ofSeconds(30)).until(() -> channelEvents("channel.ChannelModeChanged.v1", channelId).size() == 1);

        List<ConsumerRecord<String, String>> everything = TestEvents.records("billing.events", r -> true);
        // the monitors that call WHAPI on a timer (health polls of other tests' channels, the mode sweep, the
        // reconciler) pause while the replay runs; what a replayed event could start (the extension executor) runs on
        for (String job : BACKGROUND_JOBS) {
            scheduler.pause(job);
        }
        try {
            replayAll(everything);
        } finally {
            BACKGROUND_JOBS.forEach(scheduler::resume);
        }
    }

    private static final List<String> BACKGROUND_JOBS = List.of("channel-health", "channel-mode-sweep", "channel-auditor",
            "channel-reconciler", "channel-expiry-warnings");

    @jakarta.inject.Inject
    io.quarkus.scheduler.Scheduler scheduler;

    private void replayAll(List<ConsumerRecord<String, String>> everything) {
        // a tick that was under way when they paused finishes first: the count holds still for a second
        long[] last = {whapiCalls()};
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(() -> {
            long now = whapiCalls();
            boolean still = now == last[0];
            last[0] = now;
            return still;
        });
        String stateBefore = DB.strings(STATE).get(0);
        long callsBefore = whapiCalls();
        double duplicatesBefore = duplicates();

        // the same records again, ids and all: what a consumer group reset to offset 0 delivers
        for (ConsumerRecord<String, String> r : everything) {
            ProducerRecord<String, String> again = new ProducerRecord<>(r.topic(), null, r.key(), r.value(), r.headers());
            TestEvents.send(again);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> duplicates() - duplicatesBefore >= everything.size());

        assertEquals(everything.size(), duplicates() - duplicatesBefore, 0.0, "every replayed event was recognised");
        assertEquals(stateBefore, DB.strings(STATE).get(0), "the replay changed state");
        assertEquals(callsBefore, whapiCalls(), "the replay called WHAPI");
    }

    private static double duplicates() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("events_consumed_total\\{consumer=\"channel.billing-events\",outcome=\"duplicate\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
