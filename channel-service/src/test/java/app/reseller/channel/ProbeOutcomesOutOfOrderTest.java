package app.reseller.channel;

import app.reseller.channel.repository.ChannelHealthRepository;
import app.reseller.infra.Race;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two probe passes (a lapsed lease lets a second replica's pass run beside the first) settle their
 * probes of one channel in any order: each settles only after probing its whole batch. What the
 * channel's row ends with must depend on which probe was <em>sent</em> last, never on which pass
 * committed last. CI once found a counted failure gone: a pass had probed the channel just before its
 * worker stopped answering and recorded that answer after a later pass had counted the failure.
 */
@ChannelTest
class ProbeOutcomesOutOfOrderTest {

    private static final Duration PROBE_EVERY = Duration.ofMinutes(5);
    private static final int FAILURES_TO_SILENCE = 3;

    @Inject
    ChannelHealthRepository health;

    @Test
    void theProbeSentLastDecidesWhicheverPassSettlesFirst() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "HEALTHY".equals(asCustomer(customer).get("/channels/" + channel + "/health")
                .then().statusCode(200).extract().path("health")));
        UUID id = UUID.fromString(channel);
        // each round a probe period of its own, ahead of the real clock (the scheduled passes leave such a channel alone)
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));

        for (int round = 0; round < 120; round++) {
            Instant earlier = start.plus(PROBE_EVERY.multipliedBy(2L * round));
            Instant later = earlier.plusSeconds(1);
            boolean answerFirst = round % 2 == 0; // alternating keeps the count at 0 or 1: never SILENT
            Instant answeredAt = answerFirst ? earlier : later;
            Instant unansweredAt = answerFirst ? later : earlier;
            long before = probeFailures(id);
            assertEquals(answerFirst ? 0 : 1, before, "round " + round + " starts where the last left it");

            Runnable answered = () -> settle(() -> health.probeAnswered(id, answeredAt, answeredAt.plusSeconds(5)));
            Runnable unanswered = () -> settle(() -> health.probeFailed(id, unansweredAt, unansweredAt.minus(PROBE_EVERY),
                    unansweredAt.plusSeconds(5), FAILURES_TO_SILENCE));
            switch (round) {
                case 0, 1 -> { answered.run(); unanswered.run(); }
                case 2, 3 -> { unanswered.run(); answered.run(); }
                default -> atOnce(answered, unanswered);
            }

            String order = switch (round) {
                case 0, 1 -> "answer settled first";
                case 2, 3 -> "failure settled first";
                default -> "settled at once";
            };
            if (answerFirst) {
                assertEquals(1, probeFailures(id), "round " + round + " (" + order + "): the unanswered probe was sent last, so it counts");
            } else {
                assertEquals(0, probeFailures(id), "round " + round + " (" + order + "): the answered probe was sent last, so nothing counts");
            }
            assertEquals("HEALTHY", DB.strings("select health from channel_health where channel_id = '" + id + "'").get(0));
            assertEquals(later.toString(), DB.strings("select to_char(probed_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                    + " from channel_health where channel_id = '" + id + "'").get(0), "probed_at is when the latest probe was sent");
        }
    }

    private static long probeFailures(UUID channel) {
        return DB.number("select probe_failures from channel_health where channel_id = '" + channel + "'");
    }

    private static void settle(Supplier<Uni<?>> outcome) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> outcome.get().replaceWithVoid());
        } catch (Throwable failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** Both at the same moment (Race); fails if either failed. */
    private static void atOnce(Runnable first, Runnable second) {
        for (Race.Outcome<Void> settled : Race.run(List.<Callable<Void>>of(() -> { first.run(); return null; }, () -> { second.run(); return null; }))) {
            if (settled.failed()) {
                throw new AssertionError("a settling failed", settled.failure());
            }
        }
    }
}
