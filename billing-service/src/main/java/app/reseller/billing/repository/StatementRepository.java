package app.reseller.billing.repository;

import app.reseller.billing.Accounts;
import app.reseller.billing.Statement.Line;
import app.reseller.billing.Statement.Payment;
import app.reseller.billing.Statement.Bounds;
import app.reseller.billing.TransferKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * A customer's statement, read outside any transaction of the ledger (a statement is a report: each
 * query sees committed transfers only). The customer's transfers are found by the
 * (customer_id, id) index and kept to those of its own day account.
 */
@ApplicationScoped
public class StatementRepository {

    /** The customer's own account's transfers: $1 the customer, $2 its account. */
    private static final String OWN = "customer_id = $1 and (from_account = $2 or to_account = $2)";
    private static final String SIGNED = "case when to_account = $2 then days else -days end";

    private final Pool pool;

    public StatementRepository(Pool pool) {
        this.pool = pool;
    }

    /** Which transfers fall in [from, to), and the balances around them. */
    public Uni<Bounds> period(String customerId, Instant from, Instant to) {
        return pool.preparedQuery("""
                        with bounds as (
                            select coalesce((select max(id) from ledger_transfer where %1$s and created_at < $3), 0) as after_id,
                                   coalesce((select max(id) from ledger_transfer where %1$s and created_at < $4), 0) as through_id)
                        select b.after_id, b.through_id,
                               coalesce((select sum(%2$s) from ledger_transfer where %1$s and id <= b.after_id), 0) as opening,
                               coalesce((select sum(%2$s) from ledger_transfer where %1$s and id <= b.through_id), 0) as closing
                        from bounds b""".formatted(OWN, SIGNED))
                .execute(Tuple.of(customerId, Accounts.customer(customerId), utc(from), utc(to)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long afterId = row.getLong("after_id");
                    long throughId = row.getLong("through_id");
                    long opening = row.getLong("opening");
                    // a transfer posted in a race may be numbered below one posted just before the period
                    // began; the period is the ids between, so an empty one is (after, after]
                    return throughId <= afterId ? new Bounds(customerId, from, to, afterId, afterId, opening, opening)
                            : new Bounds(customerId, from, to, afterId, throughId, opening, row.getLong("closing"));
                });
    }

    /** Up to {@code limit} lines of the period after transfer {@code afterId}, whose balance after was {@code balance}. */
    public Uni<List<Line>> lines(Bounds period, long afterId, long balance, int limit) {
        return pool.preparedQuery("""
                        select id, created_at, kind, %2$s as signed, status,
                               case when to_account = $2 then from_account else to_account end as counterpart,
                               channel_id, reference, reason, actor
                        from ledger_transfer where %1$s and id > $3 and id <= $4
                        order by id limit $5""".formatted(OWN, SIGNED))
                .execute(Tuple.of(period.customerId(), Accounts.customer(period.customerId()), afterId, period.throughId(), limit))
                .map(rows -> {
                    List<Line> lines = new ArrayList<>();
                    long running = balance;
                    for (Row row : rows) {
                        running += row.getLong("signed");
                        lines.add(new Line(row.getLong("id"), instant(row, "created_at"), TransferKind.valueOf(row.getString("kind")),
                                row.getLong("signed"), running, row.getString("status"), row.getString("counterpart"),
                                row.getString("channel_id"), row.getString("reference"), row.getString("reason"), row.getString("actor")));
                    }
                    return lines;
                });
    }

    /** The customer's balance after transfer {@code id}: where a page that starts after it starts from. */
    public Uni<Long> balanceAfter(String customerId, long id) {
        return pool.preparedQuery("select coalesce(sum(%2$s), 0) as balance from ledger_transfer where %1$s and id <= $3"
                        .formatted(OWN, SIGNED))
                .execute(Tuple.of(customerId, Accounts.customer(customerId), id))
                .map(rows -> rows.iterator().next().getLong("balance"));
    }

    /** The payments confirmed in [from, to), oldest first. */
    public Uni<List<Payment>> payments(String customerId, Instant from, Instant to) {
        return pool.preparedQuery("""
                        select id, confirmed_at, subscription_id, plan_name, kind, amount, currency, period_end, actor
                        from subscription_payment where customer_id = $1 and confirmed_at >= $2 and confirmed_at < $3
                        order by confirmed_at, id""")
                .execute(Tuple.of(customerId, utc(from), utc(to)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> new Payment(row.getLong("id"),
                        instant(row, "confirmed_at"), row.getUUID("subscription_id"), row.getString("plan_name"), row.getString("kind"),
                        row.getBigDecimal("amount"), row.getString("currency"), instant(row, "period_end"), row.getString("actor"))).toList());
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
