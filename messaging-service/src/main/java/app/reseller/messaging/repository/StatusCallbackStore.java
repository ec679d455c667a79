package app.reseller.messaging.repository;

import app.reseller.messaging.config.MessagingConfig;
import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.TraceParent;
import app.reseller.platform.events.Topics;
import app.reseller.platform.events.contract.MessagingEvents.MessageStatusChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores Wappin's status callbacks with their effect and their outbox events, the statuses that
 * arrive while a statement runs together in the next one (the group commit of {@link CallbackStore},
 * which does the same for inbound messages): one lookup of the group's messages, then ONE statement,
 * which is one transaction, so each callback, its timeline row, its message's status and its event
 * commit together or not at all. A status of a message we do not know (yet) goes its own way
 * ({@link #storeOfUnknown}); Wappin sends several statuses per message, so this is the hottest path.
 */
@ApplicationScoped
public class StatusCallbackStore {

    /*
     * The timeline gets each status once (primary key); the message's current status moves only up,
     * to the highest of the group's new statuses of that message (one UPDATE per message: PostgreSQL
     * updates a row once per statement; the UPDATE re-reads a row another statement just changed, so
     * concurrent statements of one message end at the highest rank); one event per new status, built
     * from the updated row, a message's events in rank order. A null message id stores the callback
     * alone (a status of a message we do not know). The rows come sorted by message id, so that
     * statements of two pods lock shared messages in one order.
     */
    private static final String STATUSES = """
            with input as (
                select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[], $7::uuid[],
                                     $8::text[], $9::int2[], $10::text[])
                    as t(dedup_key, wappin_message_id, status, body, message_id, occurred_at, event_id, at_text, bucket, traceparent)),
            cb as (
                insert into wappin_callback (dedup_key, callback_type, wappin_message_id, status, body)
                select dedup_key, 'status', wappin_message_id, status, body::jsonb from input
                on conflict (dedup_key) do nothing returning dedup_key),
            timeline as (
                insert into message_status (message_id, status, occurred_at, source)
                select i.message_id, i.status, i.occurred_at, 'CALLBACK' from input i join cb using (dedup_key)
                where i.message_id is not null
                on conflict do nothing returning message_id, status),
            highest as (
                select distinct on (message_id) message_id, status from timeline
                order by message_id, message_status_rank(status) desc),
            current as (
                update outbound_message m
                set status = case when message_status_rank(highest.status) > message_status_rank(m.status) or m.status = 'UNCONFIRMED'
                                  then highest.status else m.status end,
                    version = m.version + 1, updated_at = now()
                from highest where m.id = highest.message_id
                returning m.id, m.customer_id, m.status, m.wappin_message_id),
            event as (
                insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket, traceparent)
                select i.event_id, 'message', current.id::text, '%s', '%s', current.id::text,
                       jsonb_build_object('messageId', current.id, 'customerId', current.customer_id, 'status', i.status,
                                          'currentStatus', current.status, 'wappinMessageId', current.wappin_message_id, 'at', i.at_text),
                       i.bucket, i.traceparent
                from input i join timeline t on t.message_id = i.message_id and t.status = i.status join current on current.id = i.message_id
                order by i.message_id, message_status_rank(i.status)
                returning id)
            select dedup_key from cb
            """.formatted(MessageStatusChanged.TYPE, Topics.MESSAGING_EVENTS); // the event's type from its record, never retyped

    /** A status callback with what it stores; {@code traceparent} is its caller's, taken when it queued. */
    private record Status(String dedupKey, String wappinMessageId, String status, String body, Instant at, String traceparent) {
    }

    /** What became of a status in its group. */
    private enum Stored { NOW, BEFORE, MESSAGE_UNKNOWN }

    private final Pool pool;
    private final GroupCommit<Status, Stored> statuses;

    public StatusCallbackStore(Pool pool, MessagingConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.statuses = GroupCommit.ofCallbacks("status", config.callbacks(), metrics, this::storeGroup);
    }

    /**
     * Stores the status with its effect and event, answered once its statement committed.
     * @return false when this callback was stored before (a retry or a copy): nothing changed
     */
    public Uni<Boolean> store(String dedupKey, String wappinMessageId, String status, String body, Instant at) {
        Status row = new Status(dedupKey, wappinMessageId, status, body, at, TraceParent.current());
        return statuses.submit(row).chain(stored -> switch (stored) {
            case NOW -> Uni.createFrom().item(true);
            case BEFORE -> Uni.createFrom().item(false);
            case MESSAGE_UNKNOWN -> storeOfUnknown(row);
        });
    }

    /** The group's messages in one lookup, then one statement for the statuses of the known ones. */
    private Uni<List<Stored>> storeGroup(List<Status> rows) {
        return messagesOf(rows).chain(messages -> {
            Map<String, Status> firsts = new LinkedHashMap<>(); // a key twice in the group is a callback and its copy
            rows.stream().filter(row -> messages.containsKey(row.wappinMessageId())).forEach(row -> firsts.putIfAbsent(row.dedupKey(), row));
            Uni<Set<String>> stored = firsts.isEmpty() ? Uni.createFrom().item(Set.of())
                    : storeKnown(pool, firsts.values().stream()
                    .sorted(Comparator.comparing(row -> messages.get(row.wappinMessageId()).toString())).toList(), messages);
            return stored.map(now -> {
                Set<String> left = new HashSet<>(now);
                List<Stored> answers = new ArrayList<>(rows.size());
                for (Status row : rows) {
                    answers.add(!messages.containsKey(row.wappinMessageId()) ? Stored.MESSAGE_UNKNOWN
                            : left.remove(row.dedupKey()) ? Stored.NOW : Stored.BEFORE); // the first of a key takes it, a copy finds it gone
                }
                return answers;
            });
        });
    }

    /** Our message of each Wappin id of the rows that has one. */
    private Uni<Map<String, UUID>> messagesOf(List<Status> rows) {
        String[] ids = rows.stream().map(Status::wappinMessageId).distinct().toArray(String[]::new);
        return pool.preparedQuery("select wappin_message_id, id from outbound_message where wappin_message_id = any($1)")
                .execute(Tuple.tuple().addArrayOfString(ids))
                .map(found -> {
                    Map<String, UUID> messages = new HashMap<>();
                    found.forEach(row -> messages.put(row.getString("wappin_message_id"), row.getUUID("id")));
                    return messages;
                });
    }

    /**
     * A status for a Wappin id no message holds yet: under the per-id lock the send's commit also
     * takes, the id is looked up again and the callback stored with its effect if the message is
     * there now, else alone (the send's commit links it). Rare (a callback faster than our commit),
     * so it does not hold up the group.
     */
    private Uni<Boolean> storeOfUnknown(Status row) {
        return pool.withTransaction(connection -> connection.preparedQuery("select pg_advisory_xact_lock(hashtext($1))")
                        .execute(Tuple.of(row.wappinMessageId()))
                        .chain(() -> connection.preparedQuery("select id from outbound_message where wappin_message_id = $1")
                                .execute(Tuple.of(row.wappinMessageId())))
                        .map(found -> found.iterator().hasNext() ? found.iterator().next().getUUID("id") : null)
                        .chain(messageId -> {
                            Map<String, UUID> messages = new HashMap<>();
                            messages.put(row.wappinMessageId(), messageId);
                            return storeKnown(connection, List.of(row), messages);
                        }))
                .map(stored -> stored.contains(row.dedupKey()));
    }

    /** @return the dedup keys stored now; a row whose message is null is stored as a callback alone */
    private static Uni<Set<String>> storeKnown(SqlClient client, List<Status> rows, Map<String, UUID> messages) {
        int n = rows.size();
        String[] dedup = new String[n], wappin = new String[n], status = new String[n], body = new String[n], atText = new String[n],
                trace = new String[n];
        UUID[] messageIds = new UUID[n], eventIds = new UUID[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        Short[] bucket = new Short[n];
        for (int i = 0; i < n; i++) {
            Status row = rows.get(i);
            UUID messageId = messages.get(row.wappinMessageId());
            dedup[i] = row.dedupKey();
            wappin[i] = row.wappinMessageId();
            status[i] = row.status();
            body[i] = row.body();
            messageIds[i] = messageId;
            occurredAt[i] = row.at().atOffset(ZoneOffset.UTC);
            eventIds[i] = UUID.randomUUID();
            atText[i] = row.at().toString();
            bucket[i] = Outbox.bucketOf(messageId == null ? row.wappinMessageId() : messageId.toString());
            trace[i] = row.traceparent();
        }
        return client.preparedQuery(STATUSES).execute(Tuple.tuple().addArrayOfString(dedup).addArrayOfString(wappin)
                        .addArrayOfString(status).addArrayOfString(body).addArrayOfUUID(messageIds).addArrayOfOffsetDateTime(occurredAt)
                        .addArrayOfUUID(eventIds).addArrayOfString(atText).addArrayOfShort(bucket).addArrayOfString(trace))
                .map(result -> {
                    Set<String> stored = new HashSet<>();
                    result.forEach(r -> stored.add(r.getString("dedup_key")));
                    return stored;
                });
    }
}
