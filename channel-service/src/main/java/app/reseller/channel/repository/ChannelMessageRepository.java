package app.reseller.channel.repository;

import app.reseller.channel.ChannelMessage;
import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageReceived;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageStatusChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Channel messages, their WHAPI statuses and the TRIAL counters, on the reactive pool: each write is
 * one statement (or one short transaction), so a send costs few round trips around the WHAPI call.
 * A received message and each new status write their event in the same transaction (outbox).
 */
@ApplicationScoped
public class ChannelMessageRepository {

    private static final String COLUMNS = "id, channel_id, customer_id, direction, chat_id, kind, body, media_url, reply_to, "
            + "client_reference, whapi_message_id, status, failure, created_at, updated_at";

    /** A TRIAL reservation: what is left after it, or which limit refused it. */
    public record TrialUse(boolean allowed, String refusedBy, int messagesLeft, int chatsLeft) {
    }

    private final Pool pool;
    private final Outbox outbox;
    private final ChannelHealthRepository health;

    public ChannelMessageRepository(Pool pool, Outbox outbox, ChannelHealthRepository health) {
        this.pool = pool;
        this.outbox = outbox;
        this.health = health;
    }

    /** Inserts a PENDING message; null when the (channel, Idempotency-Key) pair is taken already. */
    /** @param then what else its transaction writes once the row is in (its activity entry); not run for a key already taken */
    public Uni<ChannelMessage> insertPending(ChannelMessage m, String idempotencyKey, String requestHash,
                                             java.util.function.BiFunction<io.vertx.mutiny.sqlclient.SqlClient, ChannelMessage, Uni<Void>> then) {
        return pool.withTransaction(tx -> tx.preparedQuery("insert into channel_message (" + COLUMNS + ", idempotency_key, request_hash)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, null, 'PENDING', null, $11, $11, $12, $13)"
                        + " on conflict (channel_id, idempotency_key) do nothing returning " + COLUMNS)
                .execute(Tuple.tuple(Arrays.<Object>asList(m.id(), m.channelId(), m.customerId(), m.direction(), m.chatId(),
                        m.kind(), m.body(), m.mediaUrl(), m.replyTo(), m.clientReference(), utc(m.createdAt()),
                        idempotencyKey, requestHash)))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()))
                .call(stored -> stored == null ? Uni.createFrom().voidItem() : then.apply(tx, stored)));
    }

    public record Keyed(ChannelMessage message, String requestHash) {
    }

    public Uni<Keyed> byIdempotencyKey(UUID channelId, String key) {
        return pool.preparedQuery("select " + COLUMNS + ", request_hash from channel_message where channel_id = $1 and idempotency_key = $2")
                .execute(Tuple.of(channelId, key))
                .map(rows -> rows.size() == 0 ? null : new Keyed(of(rows.iterator().next()), rows.iterator().next().getString("request_hash")));
    }

    /**
     * WHAPI took the message: its id, and at once the highest status WHAPI may already have sent
     * for it (a status webhook can beat the send's own answer).
     */
    public Uni<ChannelMessage> accepted(UUID id, String whapiMessageId, Instant now) {
        return pool.withTransaction(tx -> lockWhapiId(tx, whapiMessageId)
                .chain(() -> tx.preparedQuery("""
                        update channel_message m set whapi_message_id = $2, updated_at = $3,
                            status = coalesce((select s.status from whapi_message_status s where s.whapi_message_id = $2
                                               and s.status <> 'FAILED' order by channel_message_rank(s.status) desc limit 1), 'ACCEPTED')
                        where m.id = $1 returning %s""".formatted(COLUMNS))
                        .execute(Tuple.of(id, whapiMessageId, utc(now))))
                .map(rows -> of(rows.iterator().next()))
                // statuses that beat this answer were stored without a message: their events go out now
                .call(message -> tx.preparedQuery("select status, occurred_at from whapi_message_status where whapi_message_id = $1"
                                + " order by channel_message_rank(status)")
                        .execute(Tuple.of(whapiMessageId))
                        .chain(early -> appendStatusEvents(tx, message, early))));
    }

    private Uni<Void> appendStatusEvents(SqlClient tx, ChannelMessage message, Iterable<Row> statuses) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Row status : statuses) {
            chain = chain.chain(() -> statusEvent(tx, message, status.getString("status"),
                    status.getOffsetDateTime("occurred_at").toInstant()));
        }
        return chain;
    }

    private Uni<Void> statusEvent(SqlClient tx, ChannelMessage message, String status, Instant at) {
        return outbox.appendWithin(tx, new ChannelMessageStatusChanged(message.id(), message.channelId().toString(), message.customerId(),
                        message.whapiMessageId(), message.clientReference(), status, message.status(), at)).replaceWithVoid();
    }

    /** Orders a status webhook and the send's answer for one WHAPI id, so a status is never stored between them unseen. */
    private static Uni<Void> lockWhapiId(SqlClient tx, String whapiMessageId) {
        return tx.preparedQuery("select pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of("whapi-message:" + whapiMessageId))
                .replaceWithVoid();
    }

    /** FAILED (WHAPI refused it) or UNCONFIRMED (its answer was lost), with why. */
    public Uni<ChannelMessage> settle(UUID id, String status, String failure, Instant now) {
        return pool.preparedQuery("update channel_message set status = $2, failure = $3, updated_at = $4 where id = $1 returning " + COLUMNS)
                .execute(Tuple.of(id, status, failure, utc(now))).map(rows -> of(rows.iterator().next()));
    }

    /**
     * A WHAPI status, stored once (a repeated webhook changes nothing), and the message moved up to
     * it, never down (read before delivered stays read). One statement: stored and applied together.
     */
    public Uni<Void> status(String whapiMessageId, String status, Instant occurredAt, Instant now) {
        return pool.withTransaction(tx -> lockWhapiId(tx, whapiMessageId).chain(() -> tx.preparedQuery("""
                        with stored as (
                            insert into whapi_message_status (whapi_message_id, status, occurred_at, received_at)
                            values ($1, $2, $3, $4) on conflict do nothing returning status)
                        update channel_message m set status = case when $2 = 'FAILED' and m.status in ('ACCEPTED', 'SENT') then 'FAILED'
                                                                  when channel_message_rank($2) > channel_message_rank(m.status) then $2
                                                                  else m.status end,
                            updated_at = $4
                        from stored where m.whapi_message_id = $1 returning %s""".formatted(prefixed("m.")))
                        .execute(Tuple.of(whapiMessageId, status, utc(occurredAt), utc(now))))
                // a new entry of a known message's timeline: its event commits with it
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    ChannelMessage message = of(rows.iterator().next());
                    // a status WHAPI sent for it is the proof a silent channel needs: it flows again
                    return statusEvent(tx, message, status, occurredAt).chain(() -> "FAILED".equals(status) ? Uni.createFrom().voidItem()
                            : health.flowed(tx, message.channelId(), "message " + status, now));
                }));
    }

    private static String prefixed(String alias) {
        return Arrays.stream(COLUMNS.split(", ")).map(c -> alias + c).collect(java.util.stream.Collectors.joining(", "));
    }

    /** A received message, stored once: a repeated webhook (same WHAPI id) changes nothing. True when it is new. */
    public Uni<Boolean> received(ChannelMessage m) {
        return pool.withTransaction(tx -> tx.preparedQuery("insert into channel_message (" + COLUMNS + ") values ($1, $2, $3, 'IN', $4,"
                        + " $5, $6, $7, $8, null, $9, 'RECEIVED', null, $10, $11) on conflict (whapi_message_id) do nothing returning id")
                .execute(Tuple.tuple(Arrays.<Object>asList(m.id(), m.channelId(), m.customerId(), m.chatId(), m.kind(), m.body(),
                        m.mediaUrl(), m.replyTo(), m.whapiMessageId(), utc(m.createdAt()), utc(m.updatedAt()))))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(false)
                        : outbox.appendWithin(tx, new ChannelMessageReceived(m.id(),
                                m.channelId().toString(), m.customerId(), m.chatId(), m.kind(), m.body(), m.mediaUrl(), m.replyTo(),
                                m.whapiMessageId(), m.createdAt()))
                        .chain(() -> health.flowed(tx, m.channelId(), "message received", m.updatedAt())).replaceWith(true)));
    }

    /** One chat of a channel: how many messages each way, and when the last one was. */
    public record Chat(String chatId, long sent, long received, Instant lastMessageAt) {
    }

    /** The channel's chats, the most recent first. */
    public Uni<List<Chat>> chats(UUID channelId, int page, int size) {
        return pool.preparedQuery("select chat_id, count(*) filter (where direction = 'OUT') as sent,"
                        + " count(*) filter (where direction = 'IN') as received, max(created_at) as last_at"
                        + " from channel_message where channel_id = $1 group by chat_id order by last_at desc, chat_id limit $2 offset $3")
                .execute(Tuple.of(channelId, size, (long) page * size))
                .map(rows -> rows.stream().map(r -> new Chat(r.getString("chat_id"), r.getLong("sent"), r.getLong("received"),
                        r.getOffsetDateTime("last_at").toInstant())).toList());
    }

    public Uni<ChannelMessage> find(UUID channelId, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from channel_message where channel_id = $1 and id = $2")
                .execute(Tuple.of(channelId, id)).map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    /** A channel's messages, newest first; of one chat when {@code chatId} is set; between two instants when set. */
    public Uni<List<ChannelMessage>> history(UUID channelId, String chatId, Instant from, Instant until, int page, int size) {
        return pool.preparedQuery("select " + COLUMNS + " from channel_message where channel_id = $1"
                        + " and ($2::text is null or chat_id = $2) and ($3::timestamptz is null or created_at >= $3)"
                        + " and ($4::timestamptz is null or created_at < $4) order by created_at desc, id limit $5 offset $6")
                .execute(Tuple.tuple(Arrays.<Object>asList(channelId, chatId, utc(from), utc(until), size, (long) page * size)))
                .map(rows -> rows.stream().map(ChannelMessageRepository::of).toList());
    }

    /** The statuses WHAPI reported for a message, in the order they happened. */
    public Uni<List<TimelineEntry>> timeline(String whapiMessageId) {
        return pool.preparedQuery("select status, occurred_at from whapi_message_status where whapi_message_id = $1"
                        + " order by occurred_at, channel_message_rank(status)")
                .execute(Tuple.of(whapiMessageId))
                .map(rows -> rows.stream().map(r -> new TimelineEntry(r.getString("status"), r.getOffsetDateTime("occurred_at").toInstant())).toList());
    }

    public record TimelineEntry(String status, Instant at) {
    }

    /**
     * Counts one message of a TRIAL channel against its day and its month's chats, under a lock of
     * the channel's counters, so two sends at the limit cannot both pass.
     */
    public Uni<TrialUse> reserveTrial(UUID channelId, String chatId, Instant now, int perDay, int chatsPerMonth) {
        LocalDate day = now.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate month = day.withDayOfMonth(1);
        return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1::text, 42))")
                .execute(Tuple.of(channelId.toString())).chain(() -> count(tx, "select coalesce((select messages from trial_day_usage"
                        + " where channel_id = $1 and day = $2), 0)", Tuple.of(channelId, day)))
                .chain(sent -> count(tx, "select count(*) from trial_month_chat where channel_id = $1 and month = $2", Tuple.of(channelId, month))
                        .chain(chats -> count(tx, "select count(*) from trial_month_chat where channel_id = $1 and month = $2 and chat_id = $3",
                                Tuple.of(channelId, month, chatId)).chain(known -> {
                            if (sent >= perDay) {
                                return Uni.createFrom().item(new TrialUse(false, "messages", 0, (int) (chatsPerMonth - chats)));
                            }
                            if (known == 0 && chats >= chatsPerMonth) {
                                return Uni.createFrom().item(new TrialUse(false, "chats", (int) (perDay - sent), 0));
                            }
                            return tx.preparedQuery("insert into trial_day_usage (channel_id, day, messages) values ($1, $2, 1)"
                                            + " on conflict (channel_id, day) do update set messages = trial_day_usage.messages + 1")
                                    .execute(Tuple.of(channelId, day))
                                    .chain(() -> tx.preparedQuery("insert into trial_month_chat (channel_id, month, chat_id) values ($1, $2, $3)"
                                            + " on conflict do nothing").execute(Tuple.of(channelId, month, chatId)))
                                    .map(done -> new TrialUse(true, null, (int) (perDay - sent - 1),
                                            (int) (chatsPerMonth - chats - (known == 0 ? 1 : 0))));
                        }))));
    }

    /** Gives a reserved message back (WHAPI refused it, so it counts there neither). */
    public Uni<Void> releaseTrial(UUID channelId, Instant reservedAt) {
        return pool.preparedQuery("update trial_day_usage set messages = messages - 1 where channel_id = $1 and day = $2 and messages > 0")
                .execute(Tuple.of(channelId, reservedAt.atOffset(ZoneOffset.UTC).toLocalDate())).replaceWithVoid();
    }

    private static Uni<Long> count(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).map(rows -> rows.iterator().next().getLong(0));
    }

    private static ChannelMessage of(Row r) {
        return new ChannelMessage(r.getUUID("id"), r.getUUID("channel_id"), r.getString("customer_id"), r.getString("direction"),
                r.getString("chat_id"), r.getString("kind"), r.getString("body"), r.getString("media_url"), r.getString("reply_to"),
                r.getString("client_reference"), r.getString("whapi_message_id"), r.getString("status"), r.getString("failure"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
