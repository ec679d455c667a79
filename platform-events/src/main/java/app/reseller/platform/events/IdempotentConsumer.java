package app.reseller.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Applies an incoming event at most once per consumer: the event id goes into
 * {@code processed_event} in the same transaction as the effect, so a redelivered or replayed event
 * finds its id and does nothing (no state change, no provider call). Acks the Kafka record after the
 * commit. The effect runs in a span of the event's trace (the producer's traceparent).
 *
 * <p>Failures ({@link ConsumerFailures}): a transient one (database or broker away, lock timeout,
 * deadlock, a lost version race) is retried with back-off and no limit, which holds the partition
 * until it passes (a 30-second database failover costs 30 seconds, nothing goes to the DLQ). Only
 * a deterministic one (an undecodable record, a rule that will always refuse it, a bug) is nacked,
 * and the channel's failure strategy sends it to its dead-letter topic, from which
 * {@link DeadLetterRedrive} puts it back once fixed.
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

    /** A whole batch's event ids in one statement; answers the ids seen for the first time. */
    private static final String MARK_ALL = """
            insert into processed_event (consumer, event_id, event_type)
            select :consumer, e.id, e.type from jsonb_to_recordset(cast(cast(:events as text) as jsonb)) as e(id uuid, type text)
            on conflict do nothing
            returning cast(event_id as text)
            """;

    private static final Duration RETRY_FIRST = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);

    private final MeterRegistry metrics;
    private final TracedWork tracing;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public IdempotentConsumer(MeterRegistry metrics, TracedWork tracing, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.metrics = metrics;
        this.tracing = tracing;
        this.json = json;
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
        // the event's trace goes on: the effect's provider calls and events join it
        return tracing.run("process " + consumer + " " + event.type(), SpanKind.CONSUMER, producer(message),
                () -> applyOnce(consumer, message, event, effect));
    }

    /**
     * As {@link #apply}, for a consumer that acts on some event types only: a record of another
     * type is acknowledged at once, without a transaction (it has no effect to deduplicate), and
     * counted as "ignored". A record that is not a CloudEvent goes through {@link #apply}, which
     * refuses it.
     */
    public Uni<Void> applyOnly(java.util.Set<String> types, String consumer, Message<String> message,
                               Function<ReceivedEvent, Uni<Void>> effect) {
        @SuppressWarnings("unchecked")
        String type = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(cloudEvent -> ((IncomingCloudEventMetadata<String>) cloudEvent).getType()).orElse(null);
        if (type != null && !types.contains(type)) {
            metrics.counter("events.consumed", "consumer", consumer, "outcome", "ignored").increment();
            return Uni.createFrom().completionStage(message.ack());
        }
        return apply(consumer, message, effect);
    }

    private Uni<Void> applyOnce(String consumer, Message<String> message, ReceivedEvent event, Function<ReceivedEvent, Uni<Void>> effect) {
        return Panache.withTransaction(() -> applyInTransaction(consumer, event, effect))
                .onFailure(ConsumerFailures::isTransient).invoke(failure -> {
                    metrics.counter("events.consumed", "consumer", consumer, "outcome", "retried").increment();
                    LOG.warnf("consumer %s: event %s (%s) failed transiently, retrying: %s", consumer, event.id(), event.type(),
                            failure.toString());
                })
                .onFailure(ConsumerFailures::isTransient).retry()
                .withBackOff(RETRY_FIRST, RETRY_MAX).withJitter(0.3).indefinitely()
                .invoke(applied -> metrics.counter("events.consumed", "consumer", consumer,
                        "outcome", applied ? "applied" : "duplicate").increment())
                .chain(applied -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> {
                    metrics.counter("events.consumed", "consumer", consumer, "outcome", "dead-lettered").increment();
                    LOG.errorf(failure, "consumer %s cannot apply event %s (%s), it goes to the dead-letter topic", consumer,
                            event.id(), event.type());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /**
     * As {@link #apply}, for a channel consumed in batches ({@code batch=true}): the whole poll is
     * applied in <em>one</em> transaction: the batch's event ids recorded in one statement, then
     * the effects of the ones seen for the first time, record after record in their order (each
     * partition's order kept; a copy of an event in the same poll is applied once), then the
     * records are acknowledged. One commit and one pooled connection per poll instead of per event
     * is what lets a consumer keep up with thousands of events a second (docs/benchmarks.md).
     *
     * <p>A transient failure retries the whole batch, as {@link #apply} retries one record. Any
     * other failure rolls the batch back and applies its records again one at a time through
     * {@link #apply}, so only the record that fails goes to the dead-letter topic. Hence the rule
     * for a batch consumer: its effect is database work only. An effect that calls a provider would
     * repeat that call whenever a later record of its batch fails; such a consumer stays on
     * {@link #apply}.
     *
     * @param types the event types this consumer acts on; records of other types are acknowledged
     *              with no effect (null: every type)
     */
    public Uni<Void> applyBatch(java.util.Set<String> types, String consumer, KafkaRecordBatch<String, String> batch,
                                Function<ReceivedEvent, Uni<Void>> effect) {
        return applyBatchWith(types, consumer, batch, effect, fresh -> Multi.createFrom().iterable(fresh)
                .onItem().transformToUniAndConcatenate(received -> tracing.run(
                        "process " + consumer + " " + received.event().type(), SpanKind.CONSUMER,
                        producer(received.record()), () -> effect.apply(received.event())))
                .collect().last().replaceWithVoid());
    }

    /**
     * As {@link #applyBatch}, for an effect that takes the batch's new events at once, in their
     * order (e.g. one insert for all of them): one statement per poll instead of one per event,
     * which is where a batch consumer's time goes (docs/benchmarks.md). The effect runs in one span
     * for the batch. When the batch has to be split, the effect is called with one event at a time.
     */
    public Uni<Void> applyBatchTogether(java.util.Set<String> types, String consumer, KafkaRecordBatch<String, String> batch,
                                        Function<List<ReceivedEvent>, Uni<Void>> effects) {
        return applyBatchWith(types, consumer, batch, event -> effects.apply(List.of(event)),
                fresh -> tracing.run("process " + consumer + " batch of " + fresh.size(), SpanKind.CONSUMER,
                        producer(fresh.get(0).record()), () -> effects.apply(fresh.stream().map(Received::event).toList())));
    }

    private Uni<Void> applyBatchWith(java.util.Set<String> types, String consumer, KafkaRecordBatch<String, String> batch,
                                     Function<ReceivedEvent, Uni<Void>> effect, Function<List<Received>, Uni<Void>> effects) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        List<Received> ours = new ArrayList<>(records.size());
        int ignored = 0;
        for (KafkaRecord<String, String> record : records) {
            ReceivedEvent event;
            try {
                event = read(record);
            } catch (RuntimeException notOurs) {
                // rare: let the one-at-a-time path refuse it, in its place in the order
                return applyOneAtATime(types, consumer, records, effect);
            }
            if (types != null && !types.contains(event.type())) {
                ignored++;
            } else {
                ours.add(new Received(record, event));
            }
        }
        int skipped = ignored;
        if (ours.isEmpty()) { // nothing this consumer acts on: no transaction
            count(consumer, "ignored", skipped);
            return Uni.createFrom().completionStage(batch.ack());
        }
        return Panache.withTransaction(() -> firstTimes(consumer, ours).chain(fresh -> {
                    // remove: an event the relay published twice into one poll is applied once
                    List<Received> toApply = ours.stream().filter(received -> fresh.remove(received.event().id())).toList();
                    return toApply.isEmpty() ? Uni.createFrom().item(0) : effects.apply(toApply).replaceWith(toApply.size());
                }))
                .onFailure(ConsumerFailures::isTransient).invoke(failure -> {
                    metrics.counter("events.consumed", "consumer", consumer, "outcome", "retried").increment();
                    LOG.warnf("consumer %s: a batch of %d events failed transiently, retrying: %s", consumer, ours.size(),
                            failure.toString());
                })
                .onFailure(ConsumerFailures::isTransient).retry()
                .withBackOff(RETRY_FIRST, RETRY_MAX).withJitter(0.3).indefinitely()
                .chain(applied -> {
                    count(consumer, "applied", applied);
                    count(consumer, "duplicate", ours.size() - applied);
                    count(consumer, "ignored", skipped);
                    metrics.counter("events.batches", "consumer", consumer, "outcome", "committed").increment();
                    return Uni.createFrom().completionStage(batch.ack());
                })
                .onFailure().recoverWithUni(failure -> {
                    metrics.counter("events.batches", "consumer", consumer, "outcome", "split").increment();
                    LOG.warnf("consumer %s: a batch of %d events failed (%s), applying them one at a time to set the failing one apart",
                            consumer, records.size(), failure.toString());
                    return applyOneAtATime(types, consumer, records, effect);
                });
    }

    private record Received(KafkaRecord<String, String> record, ReceivedEvent event) {
    }

    private Uni<Void> applyOneAtATime(java.util.Set<String> types, String consumer, List<KafkaRecord<String, String>> records,
                                      Function<ReceivedEvent, Uni<Void>> effect) {
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(record -> types == null
                        ? apply(consumer, record, effect)
                        : applyOnly(types, consumer, record, effect))
                .collect().last().replaceWithVoid();
    }

    private static Uni<Boolean> applyInTransaction(String consumer, ReceivedEvent event, Function<ReceivedEvent, Uni<Void>> effect) {
        return firstTime(consumer, event).chain(first -> first ? effect.apply(event).replaceWith(true) : Uni.createFrom().item(false));
    }

    private void count(String consumer, String outcome, long events) {
        if (events > 0) {
            metrics.counter("events.consumed", "consumer", consumer, "outcome", outcome).increment(events);
        }
    }

    /** The context of the record's producer: the connector's receive span, else the record's traceparent header. */
    @SuppressWarnings("unchecked")
    private static Context producer(Message<String> message) {
        Context received = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(null);
        if (received != null && Span.fromContext(received).getSpanContext().isValid()) {
            return received;
        }
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> ((IncomingKafkaRecordMetadata<String, String>) record).getHeaders().lastHeader(TraceParent.HEADER))
                .map(header -> TraceParent.parse(new String(header.value(), StandardCharsets.UTF_8)))
                .orElse(Context.root());
    }

    /**
     * Records every event id of the batch in one statement (one round trip, not one per event);
     * the ids recorded now, i.e. not processed by this consumer before.
     */
    private Uni<java.util.Set<UUID>> firstTimes(String consumer, List<Received> batch) {
        List<java.util.Map<String, String>> events = batch.stream()
                .map(received -> java.util.Map.of("id", received.event().id().toString(), "type", received.event().type()))
                .toList();
        String eventsJson;
        try {
            eventsJson = json.writeValueAsString(events);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            return Uni.createFrom().failure(impossible);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK_ALL, String.class)
                .setParameter("consumer", consumer)
                .setParameter("events", eventsJson)
                .getResultList()
                .map(ids -> {
                    java.util.Set<UUID> fresh = new java.util.HashSet<>();
                    ids.forEach(id -> fresh.add(UUID.fromString(id)));
                    return fresh;
                }));
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
