package app.reseller.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox table inside the caller's open transaction, so that the state
 * change and its event commit together or not at all (ARCHITECTURE.md invariant 4).
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket, traceparent)
            values (:id, :aggregatetype, :aggregateid, :type, :topic, :subject, cast(cast(:payload as text) as jsonb), :bucket,
                    :traceparent)
            """;

    private static final String POOL_INSERT = """
            insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket, traceparent)
            values ($1, $2, $3, $4, $5, $3, $6::text::jsonb, $7, $8)
            """;

    // The payload goes in as text: for a parameter PostgreSQL types as jsonb, the Vert.x client
    // would encode a Java String as a JSON *string* value, double-encoding the event.
    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Appends the event to the transaction of the current Hibernate Reactive session.
     * Fails when no transaction is open: an event written outside one could outlive a rolled-back change.
     *
     * @return the event id (the CloudEvents id consumers deduplicate on)
     */
    /** Appends the event in the current transaction; its id. */
    public Uni<UUID> append(app.reseller.platform.events.contract.PlatformEvent event) {
        return append(OutboxMessage.of(event));
    }

    public Uni<UUID> append(OutboxMessage message) {
        UUID id = UUID.randomUUID();
        String payload = toJson(message.payload());
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.append needs an open transaction (use @WithTransaction)"))
                .chain(tx -> Panache.getSession())
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", id)
                        .setParameter("aggregatetype", message.aggregateType())
                        .setParameter("aggregateid", message.aggregateId())
                        .setParameter("type", message.type())
                        .setParameter("topic", message.topic())
                        .setParameter("subject", message.aggregateId())
                        .setParameter("payload", payload)
                        .setParameter("bucket", (short) OutboxBuckets.of(message.aggregateId()))
                        .setParameter("traceparent", TraceParent.current())
                        .executeUpdate())
                .replaceWith(id);
    }

    /**
     * The outbox bucket of an aggregate, for code that writes outbox rows in its own SQL (one
     * round trip on a hot path) instead of through {@link #append}. Such code must fill the same
     * columns: id, aggregatetype, aggregateid, type, topic, subject (= aggregateid), payload, bucket, and
     * traceparent ({@link TraceParent#current()}, so the consumers continue the trace).
     */
    public static short bucketOf(String aggregateId) {
        return (short) OutboxBuckets.of(aggregateId);
    }

    /**
     * Appends the event inside a transaction of the reactive pool (repositories that write with
     * plain SQL on {@code Pool.withTransaction}): same columns, same bucket and trace as {@link #append}.
     */
    /** As {@link #appendWithin(io.vertx.mutiny.sqlclient.SqlClient, OutboxMessage)}, for an event that knows its own type and key. */
    public Uni<UUID> appendWithin(io.vertx.mutiny.sqlclient.SqlClient transaction, app.reseller.platform.events.contract.PlatformEvent event) {
        return appendWithin(transaction, OutboxMessage.of(event));
    }

    public Uni<UUID> appendWithin(io.vertx.mutiny.sqlclient.SqlClient transaction, OutboxMessage message) {
        UUID id = UUID.randomUUID();
        return transaction.preparedQuery(POOL_INSERT)
                .execute(io.vertx.mutiny.sqlclient.Tuple.tuple(java.util.Arrays.<Object>asList(id, message.aggregateType(),
                        message.aggregateId(), message.type(), message.topic(), toJson(message.payload()),
                        (short) OutboxBuckets.of(message.aggregateId()), TraceParent.current())))
                .replaceWith(id);
    }

    /** Appends several events in one statement (one round trip), in list order. */
    public Uni<List<UUID>> appendAll(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (messages.size() == 1) {
            return append(messages.get(0)).map(List::of);
        }
        StringBuilder sql = new StringBuilder(
                "insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket, traceparent) values ");
        for (int i = 0; i < messages.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(String.format(
                    "(:id%1$d, :at%1$d, :ai%1$d, :type%1$d, :topic%1$d, :ai%1$d, cast(cast(:payload%1$d as text) as jsonb), :bucket%1$d, :tp)", i));
        }
        List<UUID> ids = messages.stream().map(m -> UUID.randomUUID()).toList();
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.appendAll needs an open transaction (use @WithTransaction)"))
                .chain(tx -> Panache.getSession())
                .chain(session -> {
                    var query = session.createNativeQuery(sql.toString()).setParameter("tp", TraceParent.current());
                    for (int i = 0; i < messages.size(); i++) {
                        OutboxMessage m = messages.get(i);
                        query.setParameter("id" + i, ids.get(i))
                                .setParameter("at" + i, m.aggregateType())
                                .setParameter("ai" + i, m.aggregateId())
                                .setParameter("type" + i, m.type())
                                .setParameter("topic" + i, m.topic())
                                .setParameter("payload" + i, toJson(m.payload()))
                                .setParameter("bucket" + i, (short) OutboxBuckets.of(m.aggregateId()));
                    }
                    return query.executeUpdate();
                })
                .replaceWith(ids);
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload is not serialisable: " + payload.getClass().getName(), e);
        }
    }
}
