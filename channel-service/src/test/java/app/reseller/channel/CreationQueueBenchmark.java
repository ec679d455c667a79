package app.reseller.channel;

import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): 200 creates of 4
 * customers against WHAPI's limit of 20 per window, with the window shortened to a few seconds (in
 * the sandbox and in channel-service alike) so that ten windows pass in a minute. Prints how many
 * channels each window created (the queue's throughput against the limit), how long after its window
 * opened each batch reached WHAPI, and the time from request to ChannelCreated for the last of the
 * 200; then projects both to WHAPI's real 30-minute window.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl channel-service verify -Dtest=CreationQueueBenchmark -Dbench.creates=200 -Dbench.window-seconds=6
 * </pre>
 */
@Tag("benchmark")
@ChannelTest
@TestProfile(CreationQueueBenchmark.ShortWindow.class)
class CreationQueueBenchmark {

    static final int WINDOW_SECONDS = Integer.getInteger("bench.window-seconds", 6);

    public static class ShortWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the production pace of the queue (a pass every 5 s would be most of a 6-second window): 1/30 of the window
            // and the margin for WHAPI receiving a create later than we started it: a sandbox call takes milliseconds
            return Map.of("channel.create.window-limit", "20", "channel.create.window", WINDOW_SECONDS + "s",
                    "channel.create.window-margin", "200ms",
                    "channel.create.queue-every", Math.max(100, WINDOW_SECONDS * 1000 / 30) + "ms");
        }
    }

    @Test
    void throughputAtWhapisWindowAndTheWaitOfTheLast() {
        int creates = Integer.getInteger("bench.creates", 200);
        int customers = 4;
        DB.execute("update whapi_creation_window set blocked_until = null");
        sandbox().body(Map.of("limit", 20, "windowSeconds", WINDOW_SECONDS)).put("/_sandbox/whapi/creation-window").then().statusCode(200);
        // the starts of earlier runs must be out of the window before this one begins
        await().pollDelay(Duration.ofSeconds(WINDOW_SECONDS + 1)).until(() -> true);
        List<String> who = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            String customer = newCustomer();
            entitle(customer, creates, 100);
            who.add(customer);
        }
        String in = "customer_id in ('" + String.join("','", who) + "')";

        Instant started = Instant.now();
        int accepted201 = 0;
        for (int i = 0; i < creates; i++) {
            int status = asCustomer(who.get(i % customers)).body(Map.of("name", "bench " + i)).post("/channels").statusCode();
            accepted201 += status == 201 ? 1 : 0;
        }
        Duration requesting = Duration.between(started, Instant.now());
        await().atMost(Duration.ofSeconds(WINDOW_SECONDS * (creates / 20L + 3) + 60)).pollInterval(Duration.ofMillis(200))
                .until(() -> DB.number("select count(*) from channel where " + in + " and state = 'ACTIVE'") == creates);

        // WHAPI's window slides: each of its 20 places is used again one window (and our margin) after its last use.
        // The n-th twenty creations can start at the earliest n windows after the first: how far behind that is each?
        List<Double> starts = DB.strings("select (extract(epoch from creation_started_at) * 1000)::bigint::text from channel where " + in
                + " order by creation_started_at").stream().map(ms -> Double.parseDouble(ms) / 1000.0).toList();
        double first = starts.get(0);
        double cycle = WINDOW_SECONDS + 0.2;
        double lastCreated = DB.number("select (extract(epoch from max(o.created_at)) * 1000)::bigint from outbox_event o where o.type = '"
                + ChannelCreated.TYPE + "' and o.aggregateid in (select id::text from channel where " + in + ")") / 1000.0;
        double lastRequestToCreated = lastCreated - started.toEpochMilli() / 1000.0;
        long refused = sandbox().get("/_sandbox/whapi/creation-window").then().extract().jsonPath().getLong("refused");

        System.out.printf("%n[bench] creation queue: %d creates of %d customers, WHAPI's limit 20 per %d s window%n",
                creates, customers, WINDOW_SECONDS);
        System.out.printf("[bench]   requests answered in %.1f s: %d created at once (201), %d queued (202)%n",
                requesting.toMillis() / 1000.0, accepted201, creates - accepted201);
        for (int n = 0; n * 20 < starts.size(); n++) {
            List<Double> twenty = starts.subList(n * 20, Math.min(starts.size(), n * 20 + 20));
            System.out.printf("[bench]   creations %3d-%3d: started %5.1f-%5.1f s after the first; the limit allows %5.1f s: %.1f s behind%n",
                    n * 20 + 1, n * 20 + twenty.size(), twenty.get(0) - first, twenty.get(twenty.size() - 1) - first, n * cycle,
                    twenty.get(0) - first - n * cycle);
        }
        double span = starts.get(starts.size() - 1) - first;
        double perWindow = (starts.size() - 20) / span * cycle;
        System.out.printf("[bench]   throughput after the first 20: %.1f creations per window of %.1f s (the limit: 20, so %.0f %%); WHAPI refused %d (429)%n",
                perWindow, cycle, perWindow / 20 * 100, refused);
        double ideal = (Math.ceil(creates / 20.0) - 1) * WINDOW_SECONDS;
        System.out.printf("[bench]   request -> ChannelCreated of the last: %.1f s (the limit alone: %.0f s, so %.1f s of our own)%n",
                lastRequestToCreated, ideal, lastRequestToCreated - ideal);
        System.out.printf("[bench]   at WHAPI's 30-minute window: %d per 30 min (%.0f an hour); the last of %d created after about %.1f h%n",
                20, 40.0, creates, (ideal / WINDOW_SECONDS * 1800 + (lastRequestToCreated - ideal)) / 3600);
    }
}
