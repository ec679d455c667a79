package app.reseller.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * Applies an incoming event at most once per consumer: the event id goes into
 * {@code processed_event} in the same transaction as the effect, so a redelivered or replayed event
 * finds its id and does nothing (no state change, no provider call). Acks the Kafka record after the
 * commit; nacks it (the channel's failure strategy decides) when the effect keeps failing.
 *
 * <pre>{@code
 * @Incoming("channel-events")
 * Uni<Void> onChannelEvent(Message<String> message) {
 *     return consumer.apply("billing.channel-events", message, event -> ledger.refund(...));
 * }
 * }</pre>
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    private static final String MARK = """
            insert into processed_event (consumer, event_id, event_type) values (:consumer, :id, :type)
            on conflict do nothing
            """;

    private final MeterRegistry metrics;

    public IdempotentConsumer(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /**
     * @param consumer a stable name of this consumer (part of the dedup key; never rename it lightly)
     * @param effect   the state change, run inside the transaction that records the event id
     */
    public Uni<Void> apply(String consumer, Message<String> message, Function<ReceivedEvent, Uni<Void>> effect) {
        ReceivedEvent event;
        try {
            event = read(message);
        } catch (RuntimeException notOurs) {
            LOG.errorf("rejecting a record that is not a platform CloudEvent: %s", notOurs.getMessage());
            return Uni.createFrom().completionStage(message.nack(notOurs));
        }
        return Panache.withTransaction(() -> firstTime(consumer, event)
                        .chain(first -> first ? effect.apply(event).replaceWith(true) : Uni.createFrom().item(false)))
                // transient failures (database restart, deadlock, lock timeout) get a few more tries
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(3)
                .invoke(applied -> metrics.counter("events.consumed", "consumer", consumer,
                        "outcome", applied ? "applied" : "duplicate").increment())
                .chain(applied -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> {
                    metrics.counter("events.consumed", "consumer", consumer, "outcome", "failed").increment();
                    LOG.errorf(failure, "consumer %s could not apply event %s (%s)", consumer, event.id(), event.type());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private static Uni<Boolean> firstTime(String consumer, ReceivedEvent event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK)
                .setParameter("consumer", consumer)
                .setParameter("id", event.id())
                .setParameter("type", event.type())
                .executeUpdate()
                .map(inserted -> inserted == 1));
    }

    @SuppressWarnings("unchecked")
    static ReceivedEvent read(Message<String> message) {
        IncomingCloudEventMetadata<String> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("no CloudEvents attributes"));
        IncomingKafkaRecordMetadata<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElse(null);
        return new ReceivedEvent(
                UUID.fromString(cloudEvent.getId()),
                cloudEvent.getType(),
                cloudEvent.getSource() == null ? null : cloudEvent.getSource().toString(),
                cloudEvent.getSubject().orElse(null),
                cloudEvent.getTimeStamp().orElse(null),
                record == null ? null : record.getTopic(),
                record == null ? null : record.getKey(),
                message.getPayload());
    }
}
