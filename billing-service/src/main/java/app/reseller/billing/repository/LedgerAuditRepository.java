package app.reseller.billing.repository;

import static app.reseller.platform.events.Columns.whole;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * The auditor's SQL: each query returns the rows that break one ledger invariant (none when it
 * holds), as a typed finding. Read-only; runs in the auditor's own session.
 */
@ApplicationScoped
public class LedgerAuditRepository {

    public record Finding(String subject, long expected, long actual) {
    }

    /** Σ of every balance but EXTERNAL's, against what TOP_UP and ADJUST brought in (net). One row: the totals. */
    public Uni<Finding> daysInTheSystem() {
        return single("""
                select 'all accounts but EXTERNAL',
                       (select coalesce(sum(case when from_account = 'EXTERNAL' then days else -days end), 0) from ledger_transfer
                        where kind in ('TOP_UP', 'ADJUST') and 'EXTERNAL' in (from_account, to_account)),
                       (select coalesce(sum(balance), 0) from ledger_account where kind <> 'EXTERNAL')""");
    }

    /** Transfers other than TOP_UP and ADJUST that touch EXTERNAL: days created or destroyed by a saga. */
    public Uni<List<Finding>> externalTouchedByOtherKinds() {
        return rows("""
                select kind || ' transfer ' || id, 0, days from ledger_transfer
                where kind not in ('TOP_UP', 'ADJUST') and 'EXTERNAL' in (from_account, to_account)""");
    }

    public Uni<List<Finding>> negativeBalances() {
        return rows("select id, 0, balance from ledger_account where kind <> 'EXTERNAL' and balance < 0");
    }

    /** Accounts whose cached balance is not the sum of their transfers. */
    public Uni<List<Finding>> cachedBalanceMismatches() {
        return rows("""
                select a.id, coalesce(t.net, 0), a.balance from ledger_account a
                left join (select account, sum(delta) as net from (
                               select to_account as account, days as delta from ledger_transfer
                               union all
                               select from_account, -days from ledger_transfer) moves
                           group by account) t on t.account = a.id
                where a.balance <> coalesce(t.net, 0)""");
    }

    /** Channels refunded more than was confirmed paid on them. */
    public Uni<List<Finding>> refundsOverPaid() {
        return rows("""
                select channel_id, sum(case when kind = 'EXTEND' and status = 'CONFIRMED' then days else 0 end),
                       sum(case when kind = 'REFUND' then days else 0 end)
                from ledger_transfer where channel_id is not null group by channel_id
                having sum(case when kind = 'REFUND' then days else 0 end)
                     > sum(case when kind = 'EXTEND' and status = 'CONFIRMED' then days else 0 end)""");
    }

    public Uni<List<Finding>> channelsWithSeveralOpenReservations() {
        return rows("""
                select channel_id, 1, count(*) from ledger_transfer where status = 'RESERVED'
                group by channel_id having count(*) > 1""");
    }

    /** Reservations open since before {@code openedBefore}, with their age in seconds. */
    public Uni<List<Finding>> reservationsOpenSince(Instant openedBefore) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        select 'request ' || request_id || ' on channel ' || channel_id as subject, days as expected,
                               extract(epoch from (:before - created_at))::bigint as actual
                        from ledger_transfer where status = 'RESERVED' and created_at < :before order by created_at""", Tuple.class)
                .setParameter("before", openedBefore).getResultList().map(LedgerAuditRepository::findings));
    }

    private static Uni<List<Finding>> rows(String sql) {
        // every check answers (subject, expected, actual): named here, whatever its own columns are called
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select subject, expected, actual from (" + sql + ") as finding(subject, expected, actual)", Tuple.class)
                .getResultList().map(LedgerAuditRepository::findings));
    }

    private static Uni<Finding> single(String sql) {
        return rows(sql).map(list -> list.get(0));
    }

    private static List<Finding> findings(List<Tuple> rows) {
        return rows.stream().map(r -> new Finding(String.valueOf(r.get("subject")), whole(r, "expected"), whole(r, "actual")))
                .toList();
    }
}
