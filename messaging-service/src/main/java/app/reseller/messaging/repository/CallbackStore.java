package app.reseller.messaging.repository;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.TraceParent;
import app.reseller.platform.events.Topics;
import app.reseller.platform.events.contract.MessagingEvents.InboundMessageReceived;
import app.reseller.messaging.config.MessagingConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stores Wappin's inbound-message callbacks with their effect and their outbox event in ONE SQL
 * statement: a single statement is a single transaction, so the callback row, the inbound message
 * and the event commit together or not at all, in one round trip. Callbacks are the hottest write
 * path (Wappin sends several per message, and retries), so this path skips the ORM. The outbox
 * columns are the ones {@link Outbox#append} fills. Status callbacks: {@link StatusCallbackStore}.
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
     * The same for many callbacks at once (GroupCommit): one row of arrays in, one statement, one
     * commit; each callback's dedup key comes back if it was stored now.
     */
    private static final String INBOUND_BATCH = """
            with input as (
                select * from unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[],
                                     $8::uuid[], $9::text[], $10::int2[], $11::text[])
                    as t(dedup_key, wappin_message_id, body, inbound_id, sender, content, sent_at, event_id, event_json, bucket, traceparent)),
            cb as (
                insert into wappin_callback (dedup_key, callback_type, wappin_message_id, status, body)
                select dedup_key, 'message', wappin_message_id, null, body::jsonb from input
                on conflict (dedup_key) do nothing returning dedup_key),
            inbound as (
                insert into inbound_message (id, wappin_message_id, sender, content, sent_at)
                select i.inbound_id, i.wappin_message_id, i.sender, i.content, i.sent_at from input i join cb using (dedup_key)
                on conflict (wappin_message_id) do nothing returning id),
            event as (
                insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket, traceparent)
                select i.event_id, 'message', i.inbound_id::text, '%s', '%s', i.inbound_id::text,
                       i.event_json::jsonb, i.bucket, i.traceparent from input i join inbound on inbound.id = i.inbound_id returning id)
            select cb.dedup_key from cb
            """.formatted(InboundMessageReceived.TYPE, Topics.MESSAGING_EVENTS);

    /** An inbound-message callback with what it stores. */
    private record Inbound(String dedupKey, String wappinMessageId, String body, UUID inboundId, String sender, String content,
                           Instant sentAt, String eventJson, String traceparent) {
    }

    private final Pool pool;
    private final GroupCommit<Inbound, Boolean> inbound;

    public CallbackStore(Pool pool, MessagingConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.inbound = GroupCommit.ofCallbacks("message", config.callbacks(), metrics, this::storeInbound);
    }

    /**
     * Stores the callback with concurrent ones in one statement (group commit); answered once that
     * statement has committed. @return false when this callback was stored before (a retry or a copy): nothing changed
     */
    public Uni<Boolean> storeInbound(String dedupKey, String wappinMessageId, String body, UUID inboundId, String sender,
                                     String content, Instant sentAt, String eventJson) {
        return inbound.submit(new Inbound(dedupKey, wappinMessageId, body, inboundId, sender, content, sentAt, eventJson,
                TraceParent.current())); // the caller's trace, taken now: the statement runs on another caller's turn
    }

    /** One statement for the rows; a dedup key twice among them is one callback and a copy (the copy answers false). */
    private Uni<List<Boolean>> storeInbound(List<Inbound> rows) {
        if (rows.size() == 1) {
            Inbound one = rows.get(0);
            return pool.preparedQuery(INBOUND).execute(Tuple.tuple()
                            .addString(one.dedupKey()).addString(one.wappinMessageId()).addString(one.body())
                            .addUUID(one.inboundId()).addString(one.sender()).addString(one.content()).addOffsetDateTime(utc(one.sentAt()))
                            .addUUID(UUID.randomUUID()).addString(one.eventJson()).addShort(Outbox.bucketOf(one.inboundId().toString()))
                            .addString(one.traceparent()))
                    .map(result -> List.of(result.iterator().next().getLong("stored") == 1));
        }
        Set<String> keys = new HashSet<>();
        List<Inbound> firsts = rows.stream().filter(row -> keys.add(row.dedupKey())).toList();
        int n = firsts.size();
        String[] dedup = new String[n], wappin = new String[n], body = new String[n], sender = new String[n], content = new String[n],
                event = new String[n], trace = new String[n];
        UUID[] inboundIds = new UUID[n], eventIds = new UUID[n];
        OffsetDateTime[] sentAt = new OffsetDateTime[n];
        Short[] bucket = new Short[n];
        for (int i = 0; i < n; i++) {
            Inbound row = firsts.get(i);
            dedup[i] = row.dedupKey();
            wappin[i] = row.wappinMessageId();
            body[i] = row.body();
            inboundIds[i] = row.inboundId();
            sender[i] = row.sender();
            content[i] = row.content();
            sentAt[i] = utc(row.sentAt());
            eventIds[i] = UUID.randomUUID();
            event[i] = row.eventJson();
            bucket[i] = Outbox.bucketOf(row.inboundId().toString());
            trace[i] = row.traceparent();
        }
        return pool.preparedQuery(INBOUND_BATCH).execute(Tuple.tuple().addArrayOfString(dedup).addArrayOfString(wappin)
                        .addArrayOfString(body).addArrayOfUUID(inboundIds).addArrayOfString(sender).addArrayOfString(content)
                        .addArrayOfOffsetDateTime(sentAt).addArrayOfUUID(eventIds).addArrayOfString(event).addArrayOfShort(bucket)
                        .addArrayOfString(trace))
                .map(result -> {
                    Set<String> stored = new HashSet<>();
                    result.forEach(row -> stored.add(row.getString("dedup_key")));
                    List<Boolean> answers = new ArrayList<>(rows.size());
                    for (Inbound row : rows) {
                        answers.add(stored.remove(row.dedupKey())); // the first of a key takes it; a copy after it finds it gone
                    }
                    return answers;
                });
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
