package app.reseller.messaging.repository;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.TraceParent;
import app.reseller.platform.events.Topics;
import app.reseller.platform.events.contract.MessagingEvents.InboundMessageReceived;
import app.reseller.platform.events.contract.MessagingEvents.MessageStatusChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Stores a Wappin callback with its effect and its outbox event in ONE SQL statement: a single
 * statement is a single transaction, so the callback row, the effect and the event commit together
 * or not at all, in one round trip. Callbacks are the hottest write path (Wappin sends several per
 * message, and retries), so this path skips the ORM. The outbox columns are the ones
 * {@link Outbox#append} fills.
 */
@ApplicationScoped
public class CallbackStore {

    private static final String INBOUND = """
            with cb as (
                insert into wappin_callback (dedup_key, callback_type, wappin_message_id, status, body)
                values ($1, 'message', $2, null, $3::text::jsonb)
                on conflict (dedup_key) do nothing returning id),
            inbound as (
                insert into inbound_message (id, wappin_message_id, sender, content, sent_at)
                select $4, $2, $5, $6, $7 from cb
                on conflict (wappin_message_id) do nothing returning id),
            event as (
                insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket, traceparent)
                select $8, 'message', $4::text, '%s', '%s', $4::text,
                       $9::text::jsonb, $10, $11 from inbound returning id)
            select (select count(*) from cb) as stored, (select count(*) from event) as events
            """.formatted(InboundMessageReceived.TYPE, Topics.MESSAGING_EVENTS); // the event's type from its record, never retyped

    /*
     * The timeline gets the status once (primary key), the message's current status moves only up
     * (an UPDATE re-reads a row another callback just changed, so concurrent callbacks of one
     * message end at the highest rank), and the event is built from the updated row.
     */
    private static final String STATUS = """
            with cb as (
                insert into wappin_callback (dedup_key, callback_type, wappin_message_id, status, body)
                values ($1, 'status', $2, $3, $4::text::jsonb)
                on conflict (dedup_key) do nothing returning id),
            timeline as (
                insert into message_status (message_id, status, occurred_at, source)
                select $5, $3, $6, 'CALLBACK' from cb where $5::uuid is not null
                on conflict do nothing returning message_id),
            current as (
                update outbound_message m
                set status = case when message_status_rank($3) > message_status_rank(m.status) or m.status = 'UNCONFIRMED'
                                  then $3 else m.status end,
                    version = m.version + 1, updated_at = now()
                from timeline where m.id = timeline.message_id
                returning m.id, m.customer_id, m.status, m.wappin_message_id),
            event as (
                insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket, traceparent)
                select $7, 'message', current.id::text, '%s', '%s', current.id::text,
                       jsonb_build_object('messageId', current.id, 'customerId', current.customer_id, 'status', $3,
                                          'currentStatus', current.status, 'wappinMessageId', current.wappin_message_id, 'at', $8::text),
                       $9, $10 from current returning id)
            select (select count(*) from cb) as stored, (select count(*) from event) as events
            """.formatted(MessageStatusChanged.TYPE, Topics.MESSAGING_EVENTS);

    private final Pool pool;

    public CallbackStore(Pool pool) {
        this.pool = pool;
    }

    /** The message a Wappin message id belongs to, or null. */
    public Uni<UUID> messageOf(String wappinMessageId) {
        return pool.preparedQuery("select id from outbound_message where wappin_message_id = $1")
                .execute(Tuple.of(wappinMessageId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("id") : null);
    }

    /** @return false when this callback was stored before (a retry or a copy): nothing changed */
    public Uni<Boolean> storeInbound(String dedupKey, String wappinMessageId, String body, UUID inboundId, String sender,
                                     String content, Instant sentAt, String eventJson) {
        return pool.preparedQuery(INBOUND).execute(Tuple.tuple()
                        .addString(dedupKey).addString(wappinMessageId).addString(body)
                        .addUUID(inboundId).addString(sender).addString(content).addOffsetDateTime(utc(sentAt))
                        .addUUID(UUID.randomUUID()).addString(eventJson).addShort(Outbox.bucketOf(inboundId.toString()))
                        .addString(TraceParent.current()))
                .map(rows -> rows.iterator().next().getLong("stored") == 1);
    }

    /**
     * A status for a Wappin id no message holds yet: under the per-id lock the send's commit also
     * takes, the id is looked up again and the callback stored with its effect if the message is
     * there now, else alone (the send's commit links it). Rare (a callback faster than our commit),
     * so the hot path keeps its single statement.
     */
    public Uni<Boolean> storeStatusOfUnknown(String dedupKey, String wappinMessageId, String status, String body, Instant at) {
        return pool.withTransaction(connection -> connection.preparedQuery("select pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of(wappinMessageId))
                .chain(() -> connection.preparedQuery("select id from outbound_message where wappin_message_id = $1")
                        .execute(Tuple.of(wappinMessageId)))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("id") : null)
                .chain(messageId -> connection.preparedQuery(STATUS).execute(statusTuple(dedupKey, wappinMessageId, status, body,
                        messageId, at))))
                .map(rows -> rows.iterator().next().getLong("stored") == 1);
    }

    /** @param messageId our message, or null for a status of a message we do not know (stored, no effect) */
    public Uni<Boolean> storeStatus(String dedupKey, String wappinMessageId, String status, String body, UUID messageId, Instant at) {
        return pool.preparedQuery(STATUS).execute(statusTuple(dedupKey, wappinMessageId, status, body, messageId, at))
                .map(rows -> rows.iterator().next().getLong("stored") == 1);
    }

    private static Tuple statusTuple(String dedupKey, String wappinMessageId, String status, String body, UUID messageId, Instant at) {
        return Tuple.tuple()
                .addString(dedupKey).addString(wappinMessageId).addString(status).addString(body)
                .addUUID(messageId).addOffsetDateTime(utc(at)).addUUID(UUID.randomUUID()).addString(at.toString())
                .addShort(Outbox.bucketOf(messageId == null ? wappinMessageId : messageId.toString()))
                .addString(TraceParent.current());
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
