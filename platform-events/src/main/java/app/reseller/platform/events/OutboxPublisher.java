package app.reseller.platform.events;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.ArrayList;

/**
 * Sends outbox rows to Kafka as binary-mode CloudEvents (SmallRye's built-in support writes the
 * {@code ce_*} headers), keyed by aggregate id, each to its row's topic, in the trace of the
 * request that wrote the row (its {@code traceparent}).
 */
@ApplicationScoped
class OutboxPublisher {

    private final MutinyEmitter<String> emitter;
    private final URI source;
    private final Clock clock;

    OutboxPublisher(@Channel("outbox-relay") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<String> emitter, OutboxConfig config, Clock clock) {
        this.emitter = emitter;
        this.source = URI.create(config.source());
        this.clock = clock;
    }

    /** A pass's time to send ran out: the aggregate's remaining rows wait, in order, for the next pass. */
    static final class OutOfTime extends RuntimeException {
        OutOfTime(Instant noSendAfter) {
            super("the pass's time to send ran out at " + noSendAfter + ": the rest of its rows wait for the next pass", null, false, false);
        }
    }

    /** What Kafka acknowledged of a batch, and the first failure that stopped an aggregate (null when none). */
    record Sent(List<OutboxRow> acknowledged, Throwable failure) {
    }

    /**
     * Sends the rows and completes when every aggregate is done: the aggregates side by side, each
     * aggregate's rows one after the other, the next only once Kafka acknowledged the one before. A
     * failure stops its aggregate there; the other aggregates go on. The answer says which rows
     * Kafka acknowledged, so the relay marks exactly those sent and only the rest is sent again: a
     * batch retried as a whole put the rows Kafka already had on the topic a second time (seen: 109
     * records for 100 events in OutboxSurvivesBrokerOutageTest).
     * <p>Why one at a time per aggregate: the idempotent producer keeps the order of what it
     * delivers, but during a broker outage a record can expire (delivery.timeout.ms) while the
     * aggregate's later records, in later batches, are delivered once the broker is back; the
     * relay's retry then put the expired one after them (seen: 2, 3, … 10, 1 in
     * OutboxSurvivesBrokerOutageTest). With the next row sent only after the previous one's
     * acknowledgement, a failure stops its aggregate there, and the retry sends it and its
     * successors in order again.
     * <p>No row is started at or after {@code noSendAfter}: its aggregate stops there with
     * {@link OutOfTime}, so a slow broker ends a pass before PostgreSQL ends the pass's session
     * (OutboxConfig.Relay#passTimeout), which would lose the marks of every row the pass sent.
     */
    Uni<Sent> publish(List<OutboxRow> rows, Instant noSendAfter) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(new Sent(List.of(), null));
        }
        Map<String, List<OutboxRow>> byAggregate = new LinkedHashMap<>();
        for (OutboxRow row : rows) { // the rows come in their commit order
            byAggregate.computeIfAbsent(row.topic() + '\u0000' + row.aggregateId(), k -> new ArrayList<>()).add(row);
        }
        return Uni.join().all(byAggregate.values().stream().map(rowsOfOne -> sendInOrder(rowsOfOne, noSendAfter)).toList()).andFailFast().map(perAggregate -> {
            List<OutboxRow> acknowledged = new ArrayList<>();
            Throwable failure = null;
            for (Sent sent : perAggregate) {
                acknowledged.addAll(sent.acknowledged());
                failure = failure != null ? failure : sent.failure();
            }
            return new Sent(acknowledged, failure);
        });
    }

    /** One aggregate's rows in order; stops at the first that Kafka does not acknowledge. */
    private Uni<Sent> sendInOrder(List<OutboxRow> rows, Instant noSendAfter) {
        List<OutboxRow> acknowledged = new ArrayList<>(rows.size());
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (OutboxRow row : rows) {
            sent = sent.chain(() -> clock.instant().isBefore(noSendAfter) ? send(row) : Uni.createFrom().failure(new OutOfTime(noSendAfter)))
                    .invoke(() -> acknowledged.add(row));
        }
        return sent.map(done -> new Sent(acknowledged, null))
                .onFailure().recoverWithItem(failure -> new Sent(List.copyOf(acknowledged), failure));
    }

    private Uni<Void> send(OutboxRow row) {
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(row.id().toString())
                .withType(row.type())
                .withSource(source)
                .withSubject(row.subject())
                .withTimestamp(row.createdAt().toZonedDateTime())
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic())
                .withKey(row.aggregateId())
                .build();
        // the producer span (and the record's traceparent header) continue the trace of the write
        Context writer = TraceParent.parse(row.traceparent());
        return emitter.sendMessage(Message.of(row.payload(), Metadata.of(cloudEvent, record, TracingMetadata.with(writer, writer))));
    }
}
