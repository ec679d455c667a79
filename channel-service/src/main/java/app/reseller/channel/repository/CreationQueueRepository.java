package app.reseller.channel.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The creation queue and WHAPI's creation window. Every method runs in the caller's transaction:
 * {@link #lockWindow} first, so that deciding how much of the budget is left and spending it is
 * one step for the whole platform.
 */
@ApplicationScoped
public class CreationQueueRepository {

    /*
     * Round-robin between customers: every queued request gets its turn among its customer's own
     * queued requests (1 for each customer's oldest, 2 for the next...), and the queue goes turn by
     * turn, oldest first within a turn. A customer with 30 queued requests does not starve one with 1.
     */
    private static final String IN_ORDER = """
            with ranked as (
                select id, queued_at, row_number() over (partition by customer_id order by queued_at, id) as turn
                from channel where state = 'QUEUED')
            """;
    private static final String ORDER = " order by turn, queued_at, id";

    /** When a creation of the window and its block stand, under the window's row lock. */
    public record WindowRow(Instant blockedUntil, List<Instant> startsSince) {
    }

    public Uni<WindowRow> lockWindow(Instant since) {
        return window(since, " for update");
    }

    /** The same, without the lock: to tell a waiting customer where it stands. */
    public Uni<WindowRow> readWindow(Instant since) {
        return window(since, "");
    }

    private Uni<WindowRow> window(Instant since, String lock) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select blocked_until from whapi_creation_window where id = 1" + lock, Tuple.class)
                .getSingleResult()
                .chain(window -> session.createNativeQuery("select creation_started_at from channel where creation_started_at > :since"
                                + " order by creation_started_at", Tuple.class)
                        .setParameter("since", since)
                        .getResultList()
                        .map(rows -> new WindowRow(instant(window.get(0)), rows.stream().map(row -> instant(row.get(0))).toList()))));
    }

    /** WHAPI answered 429: nobody asks before {@code until} (a later block never shortens an earlier one). */
    public Uni<Integer> blockUntil(Instant until) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update whapi_creation_window set blocked_until = greatest(coalesce(blocked_until, :until), :until) where id = 1")
                .setParameter("until", until)
                .executeUpdate());
    }

    public Uni<Boolean> anyQueued() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select exists (select 1 from channel where state = 'QUEUED')", Boolean.class)
                .getSingleResult());
    }

    /**
     * Moves the next {@code limit} queued requests, in turn, to CREATING with their start in the
     * window. A request cancelled meanwhile (no longer QUEUED) is skipped. @return their ids, in turn
     */
    public Uni<List<UUID>> startNext(int limit, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(IN_ORDER + """
                        , next as (select id, turn, queued_at from ranked""" + ORDER + """
                         limit :limit)
                        update channel c set state = 'CREATING', creation_started_at = :now, updated_at = :now, version = c.version + 1
                        from next where c.id = next.id and c.state = 'QUEUED'
                        returning c.id, next.turn, next.queued_at
                        """, Tuple.class)
                .setParameter("limit", limit)
                .setParameter("now", now)
                .getResultList()
                .map(rows -> rows.stream()
                        .sorted(java.util.Comparator.<Tuple, Long>comparing(row -> ((Number) row.get(1)).longValue())
                                .thenComparing(row -> instant(row.get(2))).thenComparing(row -> row.get(0).toString()))
                        .map(row -> (UUID) row.get(0)).toList()));
    }

    /** WHAPI refused with 429: the request goes back to the queue where it was (its queued_at is kept). */
    public Uni<Boolean> requeue(UUID id, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update channel set state = 'QUEUED', queued_at = coalesce(queued_at, created_at), creation_started_at = null,
                               updated_at = :now, version = version + 1
                        where id = :id and state = 'CREATING'
                        """)
                .setParameter("id", id)
                .setParameter("now", now)
                .executeUpdate()
                .map(n -> n == 1));
    }

    /** Every queued request's place in the queue (1 = next), in turn. */
    public Uni<Map<UUID, Integer>> positions() {
        return Panache.getSession().chain(session -> session.createNativeQuery(IN_ORDER + "select id from ranked" + ORDER, UUID.class)
                .getResultList()
                .map(ids -> {
                    Map<UUID, Integer> positions = new LinkedHashMap<>();
                    ids.forEach(id -> positions.put(id, positions.size() + 1));
                    return positions;
                }));
    }

    private static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (column instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (column instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        return (Instant) column;
    }
}
