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
     * Sends the rows in order and completes when Kafka acknowledged all of them. The idempotent
     * producer keeps their order per partition; a failure fails the whole batch, which the relay
     * then retries as a whole (consumers drop the duplicates by event id).
     */
    Uni<Void> publish(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(rows.stream().map(this::send).toList()).andFailFast().replaceWithVoid();
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
