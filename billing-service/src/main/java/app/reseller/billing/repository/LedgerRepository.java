package app.reseller.billing.repository;

import app.reseller.billing.Accounts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The day ledger's SQL. Every method runs in the caller's transaction (the current Hibernate
 * Reactive session), so a movement, its cached balances and its outbox events commit together.
 */
@ApplicationScoped
public class LedgerRepository {

    public Uni<Void> ensureAccount(String accountId) {
        return run(s -> s.createNativeQuery("""
                        insert into ledger_account (id, kind, owner_id) values (:id, :kind, :owner)
                        on conflict (id) do nothing""")
                .setParameter("id", accountId)
                .setParameter("kind", Accounts.kindOf(accountId))
                .setParameter("owner", Accounts.ownerOf(accountId))
                .executeUpdate()).replaceWithVoid();
    }

    /** Row-locks both accounts in id order (a fixed order: two opposite transfers cannot deadlock). */
    public Uni<Void> lock(String a, String b) {
        return run(s -> s.createNativeQuery("select id from ledger_account where id in (:a, :b) order by id for update", String.class)
                .setParameter("a", a).setParameter("b", b).getResultList()).replaceWithVoid();
    }

    /**
     * Takes days off an account if it may go that low; null when a POOL or CUSTOMER account lacks
     * them. The condition and the change are one statement under the row lock: no check-then-act.
     */
    public Uni<Long> debit(String accountId, long days) {
        return run(s -> s.createNativeQuery("""
                        update ledger_account set balance = balance - :days
                        where id = :id and (kind not in ('POOL', 'CUSTOMER') or balance >= :days)
                        returning balance""", Long.class)
                .setParameter("days", days).setParameter("id", accountId)
                .getResultList().map(rows -> rows.isEmpty() ? null : rows.get(0)));
    }

    public Uni<Long> credit(String accountId, long days) {
        return run(s -> s.createNativeQuery("update ledger_account set balance = balance + :days where id = :id returning balance", Long.class)
                .setParameter("days", days).setParameter("id", accountId).getSingleResult());
    }

    public Uni<Long> balance(String accountId) {
        return run(s -> s.createNativeQuery("select balance from ledger_account where id = :id", Long.class)
                .setParameter("id", accountId).getResultList().map(rows -> rows.isEmpty() ? 0L : rows.get(0)));
    }

    public Uni<Long> insertTransfer(NewTransfer t) {
        return run(s -> s.createNativeQuery("""
                        insert into ledger_transfer (kind, from_account, to_account, days, status, customer_id, channel_id,
                                                     request_id, reference, reason, idempotency_key, actor)
                        values (:kind, :from, :to, :days, :status, :customer, :channel, :request, :reference, :reason, :key, :actor)
                        returning id""", Long.class)
                .setParameter("kind", t.kind())
                .setParameter("from", t.from())
                .setParameter("to", t.to())
                .setParameter("days", t.days())
                .setParameter("status", t.status())
                .setParameter("customer", t.customerId())
                .setParameter("channel", t.channelId())
                .setParameter("request", t.requestId())
                .setParameter("reference", t.reference())
                .setParameter("reason", t.reason())
                .setParameter("key", t.idempotencyKey())
                .setParameter("actor", t.actor())
                .getSingleResult());
    }

    /** The reservation of an extension saga, locked; null if unknown. */
    public Uni<Reservation> lockReservation(UUID requestId) {
        return run(s -> s.createNativeQuery("""
                        select id, status, customer_id, channel_id, days from ledger_transfer
                        where request_id = :request and kind = 'EXTEND' for update""", Object[].class)
                .setParameter("request", requestId).getResultList()
                .map(rows -> rows.isEmpty() ? null : Reservation.of(rows.get(0))));
    }

    public Uni<Void> settleReservation(long transferId, String status) {
        return run(s -> s.createNativeQuery("update ledger_transfer set status = :status, settled_at = now() where id = :id")
                .setParameter("status", status).setParameter("id", transferId).executeUpdate()).replaceWithVoid();
    }

    public Uni<Boolean> hasOpenReservation(String channelId) {
        return run(s -> s.createNativeQuery("select count(*) from ledger_transfer where channel_id = :channel and status = 'RESERVED'", Long.class)
                .setParameter("channel", channelId).getSingleResult().map(n -> n > 0));
    }

    /** Days allocated to the customer since the given instant (the period's entitlement used so far). */
    public Uni<Long> allocatedSince(String customerId, Instant since) {
        return run(s -> s.createNativeQuery("""
                        select coalesce(sum(days), 0) from ledger_transfer
                        where kind = 'ALLOCATE' and customer_id = :customer and created_at >= :since""", Long.class)
                .setParameter("customer", customerId).setParameter("since", since).getSingleResult());
    }

    public Uni<List<Object[]>> history(String customerId, int page, int size) {
        return run(s -> s.createNativeQuery("""
                        select id, kind, from_account, to_account, days, status, channel_id, request_id, reference, reason,
                               actor, created_at, settled_at
                        from ledger_transfer where customer_id = :customer order by id desc limit :size offset :offset""", Object[].class)
                .setParameter("customer", customerId).setParameter("size", size).setParameter("offset", page * size)
                .getResultList());
    }

    public Uni<Long> historyCount(String customerId) {
        return run(s -> s.createNativeQuery("select count(*) from ledger_transfer where customer_id = :customer", Long.class)
                .setParameter("customer", customerId).getSingleResult());
    }

    /** POOL, the sum of CUSTOMER balances and the days reserved for extensions not yet settled. */
    public Uni<Map<String, Long>> totals() {
        return run(s -> s.createNativeQuery("""
                        select (select balance from ledger_account where id = 'POOL'),
                               (select coalesce(sum(balance), 0) from ledger_account where kind = 'CUSTOMER'),
                               (select coalesce(sum(days), 0) from ledger_transfer where status = 'RESERVED')""", Object[].class)
                .getSingleResult().map(row -> Map.of(
                        "pool", ((Number) row[0]).longValue(),
                        "customers", ((Number) row[1]).longValue(),
                        "reserved", ((Number) row[2]).longValue())));
    }

    private static <T> Uni<T> run(Function<Mutiny.Session, Uni<T>> work) {
        return Panache.getSession().chain(work::apply);
    }

    public record NewTransfer(String kind, String from, String to, long days, String status, String customerId,
                              String channelId, UUID requestId, String reference, String reason,
                              String idempotencyKey, String actor) {
    }

    public record Reservation(long transferId, String status, String customerId, String channelId, long days) {
        static Reservation of(Object[] row) {
            return new Reservation(((Number) row[0]).longValue(), (String) row[1], (String) row[2], (String) row[3],
                    ((Number) row[4]).longValue());
        }
    }
}
