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

    OutboxPublisher(@Channel("outbox-relay") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<String> emitter, OutboxConfig config) {
        this.emitter = emitter;
        this.source = URI.create(config.source());
    }

    /**
     * Sends the rows and completes when Kafka acknowledged all of them: the aggregates side by side,
     * each aggregate's rows one after the other, the next only once Kafka acknowledged the one
     * before. A failure fails the whole batch, which the relay then retries as a whole (consumers
     * drop the duplicates by event id).
     * <p>Why one at a time per aggregate: the idempotent producer keeps the order of what it
     * delivers, but during a broker outage a record can expire (delivery.timeout.ms) while the
     * aggregate's later records, in later batches, are delivered once the broker is back; the
     * relay's retry then put the expired one after them (seen: 2, 3, … 10, 1 in
     * OutboxSurvivesBrokerOutageTest). With the next row sent only after the previous one's
     * acknowledgement, a failure stops its aggregate there, and the retry sends it and its
     * successors in order again.
     */
    Uni<Void> publish(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, List<OutboxRow>> byAggregate = new LinkedHashMap<>();
        for (OutboxRow row : rows) { // the rows come in their commit order
            byAggregate.computeIfAbsent(row.topic() + '\u0000' + row.aggregateId(), k -> new ArrayList<>()).add(row);
        }
        return Uni.join().all(byAggregate.values().stream().map(this::sendInOrder).toList()).andFailFast().replaceWithVoid();
    }

    private Uni<Void> sendInOrder(List<OutboxRow> rows) {
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (OutboxRow row : rows) {
            sent = sent.chain(() -> send(row));
        }
        return sent;
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
