package app.reseller.platform.events.probe;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.OutboxMessage;
import app.reseller.platform.events.TraceParent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Path("/probe")
public class ProbeResource {

    static final String TOPIC = "probe.events";

    /*
     * The writer of the product's hot paths (CallbackStore): the changes and their events in one
     * statement on the reactive pool, no ORM. The outbox columns are those Outbox.append fills.
     */
    private static final String CHANGES_AND_EVENTS = """
            with input as (
                select * from unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::int2[]) with ordinality
                    as t(aggregate_id, seq, event_id, payload, bucket, n)),
            change as (
                insert into probe_change (aggregate_id, seq) select aggregate_id, seq from input order by n returning 1),
            event as (
                insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket, traceparent)
                select event_id, 'probe', aggregate_id, '%s', '%s', aggregate_id, payload::jsonb, bucket, $6::text
                  from input order by n returning 1)
            select (select count(*) from change), (select count(*) from event)
            """.formatted(ProbeChanged.TYPE, TOPIC);

    private final Outbox outbox;
    private final Pool pool;
    private final ObjectMapper json;

    public ProbeResource(Outbox outbox, Pool pool, ObjectMapper json) {
        this.outbox = outbox;
        this.pool = pool;
        this.json = json;
    }

    /**
     * The same changes and events as {@link #change} with {@code events=N}, written as the product's
     * hot paths write (one SQL statement, one commit, no Hibernate session): the hop benchmark's
     * {@code -Dbench.writer=sql}.
     */
    @POST
    @Path("sql/{aggregateId}/{seq}")
    public Uni<Void> changeInOneStatement(@PathParam("aggregateId") String aggregateId, @PathParam("seq") int firstSeq,
                                          @QueryParam("events") @DefaultValue("1") int events,
                                          @QueryParam("spread") boolean spread) throws JsonProcessingException {
        String[] aggregates = new String[events];
        Integer[] seqs = new Integer[events];
        UUID[] ids = new UUID[events];
        String[] payloads = new String[events];
        Short[] buckets = new Short[events];
        Instant now = Instant.now();
        for (int i = 0; i < events; i++) {
            // spread: event i is the firstSeq-th change of its own aggregate (aggregateId-i), as a
            // group commit of the callback store holds callbacks of different messages
            aggregates[i] = spread ? aggregateId + "-" + i : aggregateId;
            seqs[i] = spread ? firstSeq : firstSeq + i;
            ids[i] = UUID.randomUUID();
            payloads[i] = json.writeValueAsString(new ProbeChanged(aggregates[i], seqs[i], now));
            buckets[i] = Outbox.bucketOf(aggregates[i]);
        }
        return pool.withTransaction(connection -> connection.preparedQuery(CHANGES_AND_EVENTS)
                .execute(Tuple.from(java.util.Arrays.<Object>asList(aggregates, seqs, ids, payloads, buckets, TraceParent.current())))
                .replaceWithVoid());
    }

    /**
     * A state change and its event in one transaction; failAfterEvent rolls both back. With
     * {@code events=N}, N changes of the aggregate (seq, seq+1, ...) and their N events commit
     * together, as a path that stores a group at once does (the callback store).
     */
    @POST
    @Path("{aggregateId}/{seq}")
    @WithTransaction
    public Uni<Void> change(@PathParam("aggregateId") String aggregateId, @PathParam("seq") int seq,
                            @QueryParam("failAfterEvent") boolean failAfterEvent,
                            @QueryParam("events") @DefaultValue("1") int events) {
        if (events > 1) {
            return changes(aggregateId, seq, events);
        }
        ProbeChange change = new ProbeChange();
        change.aggregateId = aggregateId;
        change.seq = seq;
        return change.persist()
                .chain(() -> outbox.append(message(aggregateId, seq)))
                .invoke(() -> {
                    if (failAfterEvent) {
                        throw new IllegalStateException("failing on purpose after the event was written");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> changes(String aggregateId, int firstSeq, int events) {
        List<ProbeChange> changes = new ArrayList<>(events);
        List<OutboxMessage> messages = new ArrayList<>(events);
        for (int seq = firstSeq; seq < firstSeq + events; seq++) {
            ProbeChange change = new ProbeChange();
            change.aggregateId = aggregateId;
            change.seq = seq;
            changes.add(change);
            messages.add(message(aggregateId, seq));
        }
        return ProbeChange.persist(changes).chain(() -> outbox.appendAll(messages)).replaceWithVoid();
    }

    private static OutboxMessage message(String aggregateId, int seq) {
        return new OutboxMessage(TOPIC, "probe", aggregateId, ProbeChanged.TYPE, new ProbeChanged(aggregateId, seq, Instant.now()));
    }
}
