package app.reseller.billing.repository;

import static app.reseller.platform.events.Columns.instant;
import static app.reseller.platform.events.Columns.text;
import static app.reseller.platform.events.Columns.whole;
import static app.reseller.platform.events.Columns.wholeOrNull;

import app.reseller.billing.Accounts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Tuple;
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

    /** Creates whichever of the two accounts does not exist yet, in one round trip. */
    public Uni<Void> ensureAccounts(String a, String b) {
        return run(s -> s.createNativeQuery("""
                        insert into ledger_account (id, kind, owner_id)
                        values (:a, :kindA, :ownerA), (:b, :kindB, :ownerB)
                        on conflict (id) do nothing""")
                .setParameter("a", a).setParameter("kindA", Accounts.kindOf(a)).setParameter("ownerA", Accounts.ownerOf(a))
                .setParameter("b", b).setParameter("kindB", Accounts.kindOf(b)).setParameter("ownerB", Accounts.ownerOf(b))
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> ensureAccount(String accountId) {
        return run(s -> s.createNativeQuery("""
                        insert into ledger_account (id, kind, owner_id) values (:id, :kind, :owner)
                        on conflict (id) do nothing""")
                .setParameter("id", accountId)
                .setParameter("kind", Accounts.kindOf(accountId))
                .setParameter("owner", Accounts.ownerOf(accountId))
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Creates the accounts that do not exist yet and row-locks them all, each in id order: the
     * order every movement locks its two accounts in, so a transaction moving days for many
     * channels (a bulk extension) and one moving them for one channel cannot deadlock.
     */
    public Uni<Void> ensureAndLockAll(List<String> accountIds) {
        List<String> sorted = accountIds.stream().distinct().sorted().toList();
        Uni<Void> ensured = Uni.createFrom().voidItem();
        for (String id : sorted) {
            ensured = ensured.chain(() -> ensureAccount(id));
        }
        return ensured.chain(() -> run(s -> s.createNativeQuery("select id from ledger_account where id in (:ids) order by id for update",
                String.class).setParameter("ids", sorted).getResultList())).replaceWithVoid();
    }

    /** Row-locks both accounts in id order (a fixed order: two opposite transfers cannot deadlock). */
    public Uni<Void> lock(String a, String b) {
        return run(s -> s.createNativeQuery("select id from ledger_account where id in (:a, :b) order by id for update", String.class)
                .setParameter("a", a).setParameter("b", b).getResultList()).replaceWithVoid();
    }

    /**
     * Debit, credit and the transfer row in one statement (the accounts are already row-locked).
     * The debit is conditional: when an account other than EXTERNAL lacks the days nothing happens and
     * null is returned.
     */
    public Uni<PostedTransfer> post(NewTransfer t) {
        return run(s -> s.createNativeQuery("""
                        with debit as (
                            update ledger_account set balance = balance - :days
                            where id = :from and (kind = 'EXTERNAL' or balance >= :days)
                            returning balance),
                        credit as (
                            update ledger_account set balance = balance + :days
                            where id = :to and exists (select 1 from debit)
                            returning balance),
                        transfer as (
                            insert into ledger_transfer (kind, from_account, to_account, days, status, customer_id, channel_id,
                                                         request_id, reference, reason, idempotency_key, actor)
                            select :kind, :from, :to, :days, :status, :customer, :channel, :request, :reference, :reason, :key, :actor
                            where exists (select 1 from debit)
                            returning id)
                        select (select id from transfer) as id, (select balance from debit) as from_balance,
                               (select balance from credit) as to_balance""", Tuple.class)
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
                .getSingleResult()
                .map(row -> row.get("id") == null ? null
                        : new PostedTransfer(whole(row, "id"), whole(row, "from_balance"), whole(row, "to_balance"))));
    }

    public Uni<Long> balance(String accountId) {
        return run(s -> s.createNativeQuery("select balance from ledger_account where id = :id", Long.class)
                .setParameter("id", accountId).getResultList().map(rows -> rows.isEmpty() ? 0L : rows.get(0)));
    }

    /**
     * The customer's entitlement, versioned: the version row is bumped (and so row-locked until the
     * transaction ends) BEFORE the snapshot is read, so a concurrent snapshot of the same customer
     * waits, then reads a state that includes this one, under a higher version.
     */
    public Uni<EntitlementRow> entitlement(String customerId) {
        return run(s -> s.createNativeQuery("""
                        insert into entitlement_version (customer_id, version) values (:customer, 1)
                        on conflict (customer_id) do update set version = entitlement_version.version + 1
                        returning version""", Long.class)
                .setParameter("customer", customerId).getSingleResult()
                .chain(version -> s.createNativeQuery("""
                                select p.max_channels, p.extension_days, p.creation_minimum_days,
                                       -- what the pool may still give the customer this period (AUTOMATIC tops up within it)
                                       p.max_channels * p.period_days - coalesce((select sum(t.days) from ledger_transfer t
                                            where t.kind = 'ALLOCATE' and t.customer_id = :customer
                                              and t.created_at >= sub.current_period_end - p.period_days * interval '1 day'), 0)
                                           as allowance_left,
                                       coalesce((select balance from ledger_account where id = :account), 0) as balance,
                                       (select allocation_mode from customer_settings where customer_id = :customer) as mode
                                from (select 1) one
                                -- in GRACE the plan still holds (its channels run); SUSPENDED it does not (the grace policy)
                                left join subscription sub on sub.customer_id = :customer and sub.status in ('ACTIVE', 'GRACE')
                                left join plan p on p.id = sub.plan_id""", Tuple.class)
                        .setParameter("customer", customerId).setParameter("account", Accounts.customer(customerId)).getSingleResult()
                        .map(row -> new EntitlementRow(wholeOrNull(row, "max_channels"), whole(row, "balance"),
                                text(row, "mode"), version, wholeOrNull(row, "extension_days"), wholeOrNull(row, "creation_minimum_days"),
                                row.get("allowance_left") == null ? 0 : whole(row, "allowance_left")))));
    }

    /** Locks one account row until the transaction ends (ensured first): a per-customer or per-channel critical section. */
    public Uni<Void> lockAccount(String accountId) {
        return ensureAccount(accountId).chain(() -> run(s -> s.createNativeQuery(
                        "select id from ledger_account where id = :id for update", String.class)
                .setParameter("id", accountId).getResultList())).replaceWithVoid();
    }

    /**
     * What a refund may still return for a channel: the days confirmed paid on it (CONFIRMED EXTEND)
     * minus what was refunded already. Never reserved days, never trial days (WHAPI's, not ours).
     */
    public Uni<Long> refundable(String channelId) {
        return run(s -> s.createNativeQuery("""
                        select coalesce(sum(case when kind = 'EXTEND' and status = 'CONFIRMED' then days
                                                 when kind = 'REFUND' then -days else 0 end), 0)
                        from ledger_transfer where channel_id = :channel""", Long.class)
                .setParameter("channel", channelId).getSingleResult());
    }

    /** The reservation of an extension saga, locked; null if unknown. */
    public Uni<Reservation> lockReservation(UUID requestId) {
        return run(s -> s.createNativeQuery("""
                        select id, status, customer_id, channel_id, days from ledger_transfer
                        where request_id = :request and kind = 'EXTEND' for update""", Tuple.class)
                .setParameter("request", requestId).getResultList()
                .map(rows -> rows.isEmpty() ? null : Reservation.of(rows.get(0))));
    }

    public Uni<Void> settleReservation(long transferId, String status) {
        return run(s -> s.createNativeQuery("update ledger_transfer set status = :status, settled_at = now() where id = :id")
                .setParameter("status", status).setParameter("id", transferId).executeUpdate()).replaceWithVoid();
    }

    /** Days allocated to the customer since the given instant (the period's entitlement used so far). */
    public Uni<Long> allocatedSince(String customerId, Instant since) {
        return run(s -> s.createNativeQuery("""
                        select coalesce(sum(days), 0) from ledger_transfer
                        where kind = 'ALLOCATE' and customer_id = :customer and created_at >= :since""", Long.class)
                .setParameter("customer", customerId).setParameter("since", since).getSingleResult());
    }

    public Uni<List<TransferRow>> history(String customerId, int page, int size) {
        return run(s -> s.createNativeQuery("""
                        select id, kind, from_account, to_account, days, status, channel_id, request_id, reference, reason,
                               actor, created_at, settled_at
                        from ledger_transfer where customer_id = :customer order by id desc limit :size offset :offset""", Tuple.class)
                .setParameter("customer", customerId).setParameter("size", size).setParameter("offset", (long) page * size)
                .getResultList().map(rows -> rows.stream().map(TransferRow::of).toList()));
    }

    public Uni<Long> historyCount(String customerId) {
        return run(s -> s.createNativeQuery("select count(*) from ledger_transfer where customer_id = :customer", Long.class)
                .setParameter("customer", customerId).getSingleResult());
    }

    /** POOL, the sum of CUSTOMER balances and the days reserved for extensions not yet settled. */
    public Uni<Totals> totals() {
        return run(s -> s.createNativeQuery("""
                        select (select balance from ledger_account where id = 'POOL') as pool,
                               (select coalesce(sum(balance), 0) from ledger_account where kind = 'CUSTOMER') as customers,
                               (select coalesce(sum(days), 0) from ledger_transfer where status = 'RESERVED') as reserved""", Tuple.class)
                .getSingleResult().map(row -> new Totals(whole(row, "pool"), whole(row, "customers"), whole(row, "reserved"))));
    }

    public record Totals(long pool, long customers, long reserved) {
    }

    /** The debit and credit of a posted transfer: the transfer's id and both balances after it. */
    public record PostedTransfer(long transferId, long fromBalance, long toBalance) {
    }

    /** One row of a customer's ledger history. */
    public record TransferRow(long id, String kind, String fromAccount, String toAccount, long days, String status, String channelId,
                              UUID requestId, String reference, String reason, String actor, Instant createdAt, Instant settledAt) {
        static TransferRow of(Tuple row) {
            return new TransferRow(whole(row, "id"), text(row, "kind"), text(row, "from_account"), text(row, "to_account"),
                    whole(row, "days"), text(row, "status"), text(row, "channel_id"), row.get("request_id", UUID.class),
                    text(row, "reference"), text(row, "reason"), text(row, "actor"), instant(row, "created_at"),
                    instant(row, "settled_at"));
        }
    }

    private static <T> Uni<T> run(Function<Mutiny.Session, Uni<T>> work) {
        return Panache.getSession().chain(work::apply);
    }

    /**
     * What channel-service needs of a customer. extensionDays and creationMinimumDays are the active
     * plan's (null without one; the minimum also when the plan leaves it to the allocation mode);
     * allowanceLeft: the days the pool may still allocate to it this period.
     */
    public record EntitlementRow(Integer maxChannels, long balanceDays, String allocationMode, long version,
                                 Integer extensionDays, Integer creationMinimumDays, long allowanceLeft) {
    }

    public record NewTransfer(String kind, String from, String to, long days, String status, String customerId,
                              String channelId, UUID requestId, String reference, String reason,
                              String idempotencyKey, String actor) {
    }

    public record Reservation(long transferId, String status, String customerId, String channelId, long days) {
        static Reservation of(Tuple row) {
            return new Reservation(whole(row, "id"), text(row, "status"), text(row, "customer_id"), text(row, "channel_id"),
                    whole(row, "days"));
        }
    }
}
