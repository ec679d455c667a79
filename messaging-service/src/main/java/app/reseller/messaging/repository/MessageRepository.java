package app.reseller.messaging.repository;

import app.reseller.messaging.MessageStatus;
import app.reseller.messaging.OutboundMessage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import app.reseller.platform.events.Columns;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class MessageRepository implements PanacheRepositoryBase<OutboundMessage, UUID> {

    private static final String ADD_STATUS = """
            insert into message_status (message_id, status, occurred_at, source) values (:id, :status, :at, :source)
            on conflict do nothing
            """;

    public Uni<OutboundMessage> byIdempotencyKey(String customerId, String key) {
        return find("customerId = ?1 and idempotencyKey = ?2", customerId, key).firstResult();
    }

    public Uni<OutboundMessage> byWappinId(String wappinMessageId) {
        return find("wappinMessageId", wappinMessageId).firstResult();
    }

    public Uni<List<OutboundMessage>> pageOf(String customerId, int page, int size) {
        return find("customerId", Sort.descending("createdAt").and("id"), customerId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countOf(String customerId) {
        return count("customerId", customerId);
    }

    /** Adds a status to the message's timeline once; @return true when it is new. */
    public Uni<Boolean> addStatus(UUID messageId, MessageStatus status, Instant at, String source) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ADD_STATUS)
                .setParameter("id", messageId)
                .setParameter("status", status.name())
                .setParameter("at", at)
                .setParameter("source", source)
                .executeUpdate()
                .map(inserted -> inserted == 1));
    }

    /** The timeline in delivery order (sent, delivered, read), whatever order the callbacks came in. */
    public Uni<List<TimelineStep>> timeline(UUID messageId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select status, occurred_at, source from message_status where message_id = :id
                        order by case status when 'ACCEPTED' then 1 when 'SENT' then 2 when 'DELIVERED' then 3
                                             when 'READ' then 4 else 5 end, occurred_at
                        """, Tuple.class)
                .setParameter("id", messageId).getResultList()
                .map(rows -> rows.stream().map(row -> new TimelineStep(row.get("status", String.class), Columns.instant(row, "occurred_at"),
                        row.get("source", String.class))).toList()));
    }

    /** One status of a message's timeline: what, when, and who said so (SEND, CALLBACK, INQUIRY). */
    public record TimelineStep(String status, Instant at, String source) {
    }

    /**
     * The fence of a send: "send started" is set once, by whoever gets here first, and only on a
     * message that is still waiting (a claimed notification whose lease another replica took
     * over, or the same one twice, loses here and sends nothing). @return whether this caller may send
     */
    public Uni<Boolean> markSendStarted(UUID id, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update outbound_message set send_started_at = :now, attempts = attempts + 1, version = version + 1, updated_at = :now
                        where id = :id and status = 'PENDING' and send_started_at is null""")
                .setParameter("id", id).setParameter("now", now).executeUpdate().map(n -> n == 1));
    }

    /** Sends that started before {@code before} and never finished (a crash mid-call): they may have gone out. */
    public Uni<Integer> markAbandonedSendsUnconfirmed(Instant before, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update outbound_message set status = 'UNCONFIRMED', version = version + 1, updated_at = :now,
                               failure = 'the send was interrupted (a crash?) before Wappin answered; it may have gone out'
                        where status = 'PENDING' and send_started_at < :before""")
                .setParameter("before", before).setParameter("now", now).executeUpdate());
    }

    /** A status Wappin reported for a Wappin message id before we stored that id (its callback beat the send's commit). */
    public record EarlyStatus(MessageStatus status, Instant at) {
    }

    /**
     * Takes the per-Wappin-id lock that the callback path takes for an id it does not know, so the
     * two cannot miss each other: whichever comes second sees the other's commit.
     */
    public Uni<Void> lockWappinId(String wappinMessageId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select pg_advisory_xact_lock(hashtext(:id))::text", String.class)
                .setParameter("id", wappinMessageId).getSingleResult()).replaceWithVoid();
    }

    public Uni<List<EarlyStatus>> earlyStatuses(String wappinMessageId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select status, case when body->>'timestamp' ~ '^[0-9]{1,12}$'
                                            then to_timestamp((body->>'timestamp')::bigint) else received_at end as at
                        from wappin_callback where callback_type = 'status' and wappin_message_id = :id order by id""", Tuple.class)
                .setParameter("id", wappinMessageId).getResultList()
                .map(rows -> rows.stream().map(r -> new EarlyStatus(MessageStatus.valueOf(r.get("status", String.class)),
                        Columns.instant(r, "at"))).toList()));
    }

    /** Queued notifications due for a send, claimed so that replicas share them. */
    @SuppressWarnings("unchecked")
    public Uni<List<UUID>> claimDueNotifications(Instant now, Duration lease, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update outbound_message set next_attempt_at = :leasedUntil, version = version + 1
                        where id in (select id from outbound_message
                                     where status = 'PENDING' and source_event_id is not null and next_attempt_at <= :now
                                       and send_started_at is null
                                     order by next_attempt_at limit :limit for update skip locked)
                        returning id
                        """, UUID.class)
                .setParameter("now", now).setParameter("leasedUntil", now.plus(lease))
                .setParameter("limit", limit).getResultList());
    }
}
