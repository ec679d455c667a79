package app.reseller.channel;

import app.reseller.channel.service.ExpiryWarnings;
import app.reseller.infra.TestClock;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExpiring;
import io.quarkus.test.junit.QuarkusMock;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** channel.expiring: once per channel and end date, however many runs race, and again for the next period. */
@ChannelTest
class ExpiryWarningsTest {

    @Inject
    ExpiryWarnings warnings;

    @Test
    void aChannelNearItsEndIsWarnedOnceEvenByRacingRunsAndAgainAfterAnExtension() {
        String customer = newCustomer();
        entitle(customer, 2, 0);
        String channel = createChannel(customer, "expiring");
        Instant activeTill = Instant.parse(DB.strings("select to_char(active_till at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                + " from channel where id = '" + channel + "'").get(0));
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        assertEquals(0, warningsOf(channel), "more than 72 h before its end: nothing");
        runRacing(6);
        assertEquals(0, warningsOf(channel));

        clock.advance(Duration.between(Instant.now(), activeTill).minusHours(10)); // 10 hours left
        runRacing(6);
        assertEquals(1, warningsOf(channel), "six racing runs warn once");
        runRacing(3);
        assertEquals(1, warningsOf(channel));
        String payload = DB.strings("select payload::text from outbox_event where type = '" + ChannelExpiring.TYPE
                + "' and aggregateid = '" + channel + "'").get(0);
        assertEquals(true, payload.contains("\"customerId\": \"" + customer + "\"") && payload.contains("\"hoursLeft\": 9"), payload);

        // an extension moves the end date: the next period gets its own warning when it nears
        DB.execute("update channel set active_till = active_till + interval '30 days' where id = '" + channel + "'");
        runRacing(3);
        assertEquals(1, warningsOf(channel));
        clock.advance(Duration.ofDays(30));
        runRacing(3);
        assertEquals(2, warningsOf(channel));
    }

    private void runRacing(int runs) {
        List<Uni<Integer>> racing = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            racing.add(warnings.runOnce());
        }
        Uni.join().all(racing).andFailFast().await().atMost(Duration.ofSeconds(20));
    }

    private static long warningsOf(String channel) {
        return DB.number("select count(*) from outbox_event where type = '" + ChannelExpiring.TYPE + "' and aggregateid = '" + channel + "'");
    }
}
