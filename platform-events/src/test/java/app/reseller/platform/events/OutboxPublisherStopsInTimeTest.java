package app.reseller.platform.events;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pass's sends stop at its deadline (half the pass timeout), so a slow broker ends the pass, and
 * its marks commit, before PostgreSQL would end the pass's session and lose them. Kafka here is an
 * emitter that takes one second of the test's clock per record.
 */
class OutboxPublisherStopsInTimeTest {

    private static final Instant START = Instant.parse("2026-12-06T12:00:00Z");

    private final SteppingClock clock = new SteppingClock(START);
    private final SlowKafka kafka = new SlowKafka(clock, Duration.ofSeconds(1));
    private final OutboxPublisher publisher = new OutboxPublisher(kafka, new SourceOnly(), clock);

    @Test
    void anAggregateStopsAtTheDeadlineAndTheRowsBeforeItAreAcknowledgedInOrder() {
        List<OutboxRow> rows = rowsOf("a", 10);

        OutboxPublisher.Sent sent = publisher.publish(rows, START.plusMillis(3_500)).await().indefinitely();

        // sends start at 0, 1, 2 and 3 s; the fifth would start at 4 s, past the deadline
        assertEquals(rows.subList(0, 4), sent.acknowledged());
        assertInstanceOf(OutboxPublisher.OutOfTime.class, sent.failure());
        assertEquals(List.of("a:1", "a:2", "a:3", "a:4"), kafka.sent);
    }

    @Test
    void noSendStartsAtOrAfterTheDeadlineWhateverTheAggregates() {
        List<OutboxRow> rows = new ArrayList<>();
        for (int seq = 1; seq <= 6; seq++) { // interleaved, as the claim returns them in commit order
            rows.addAll(rowsOf("b", seq).subList(seq - 1, seq));
            rows.addAll(rowsOf("c", seq).subList(seq - 1, seq));
        }
        Instant deadline = START.plusMillis(4_500);

        OutboxPublisher.Sent sent = publisher.publish(rows, deadline).await().indefinitely();

        assertTrue(kafka.startedAt.stream().allMatch(deadline::isAfter), "every send started before the deadline: " + kafka.startedAt);
        assertInstanceOf(OutboxPublisher.OutOfTime.class, sent.failure());
        for (String aggregate : List.of("b", "c")) {
            List<OutboxRow> acknowledged = sent.acknowledged().stream().filter(row -> row.aggregateId().equals(aggregate)).toList();
            assertEquals(rowsOf(aggregate, 6).subList(0, acknowledged.size()), acknowledged, aggregate + ": a prefix, in order");
        }
        assertEquals(kafka.sent.size(), sent.acknowledged().size(), "what Kafka took is what the pass marks");
    }

    @Test
    void aPassWithTimeSendsEverything() {
        List<OutboxRow> rows = rowsOf("d", 10);

        OutboxPublisher.Sent sent = publisher.publish(rows, START.plusSeconds(30)).await().indefinitely();

        assertEquals(rows, sent.acknowledged());
        assertNull(sent.failure());
    }

    private static List<OutboxRow> rowsOf(String aggregate, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(seq -> new OutboxRow(seq, UUID.nameUUIDFromBytes((aggregate + seq).getBytes()),
                "probe.events", aggregate, "probe.changed", aggregate, aggregate + ":" + seq,
                OffsetDateTime.of(2026, 12, 6, 12, 0, 0, 0, ZoneOffset.UTC), null)).toList();
    }

    /** A clock that moves only when told to. */
    private static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Kafka taking {@code perRecord} of the clock to acknowledge each record. */
    private static final class SlowKafka implements MutinyEmitter<String> {
        final List<String> sent = new ArrayList<>();
        final List<Instant> startedAt = new ArrayList<>();
        private final SteppingClock clock;
        private final Duration perRecord;

        SlowKafka(SteppingClock clock, Duration perRecord) {
            this.clock = clock;
            this.perRecord = perRecord;
        }

        @Override
        public <M extends Message<? extends String>> Uni<Void> sendMessage(M message) {
            return Uni.createFrom().item(() -> {
                startedAt.add(clock.instant());
                sent.add(message.getPayload());
                clock.advance(perRecord);
                return null;
            });
        }

        @Override
        public Uni<Void> send(String payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendAndAwait(String payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cancellable sendAndForget(String payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends String>> void send(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends String>> void sendMessageAndAwait(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends String>> Cancellable sendMessageAndForget(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }

    /** The one setting the publisher reads. */
    private static final class SourceOnly implements OutboxConfig {
        @Override
        public String source() {
            return "/reseller/test";
        }

        @Override
        public Relay relay() {
            throw new UnsupportedOperationException();
        }
    }
}
