package app.reseller.billing.repository;

import app.reseller.billing.AllocationMode;
import app.reseller.billing.CustomerFilter;
import app.reseller.billing.CustomerListing;
import app.reseller.platform.events.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The operators' customer list: every customer billing knows, one row each in customer_directory
 * (kept by the database, V6__customer_directory.sql), filtered and paged by customer id (a keyset: a
 * page costs the same however deep). A report, read outside any transaction.
 */
@ApplicationScoped
public class CustomerDirectoryRepository {

    private static final String ROWS = """
            select d.customer_id, d.subscription_id, d.subscription_status, d.plan_id, p.name as plan_name, d.current_period_end,
                   d.allocation_mode, d.balance, d.channels
            from customer_directory d left join plan p on p.id = d.plan_id""";

    private final Pool pool;

    public CustomerDirectoryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} customers matching {@code filter}, by id, after {@code afterCustomerId} (null: from the first). */
    public Uni<List<CustomerListing>> page(CustomerFilter filter, String afterCustomerId, int limit) {
        Where where = new Where();
        if (filter.planId() != null) {
            where.add("d.plan_id = ?", filter.planId());
        }
        if (filter.subscriptionStatus() != null) {
            where.add("d.subscription_status = ?", filter.subscriptionStatus().name());
        }
        if (filter.allocationMode() != null) {
            where.add("d.allocation_mode = ?", filter.allocationMode().name());
        }
        if (filter.balanceBelow() != null) {
            where.add("d.balance < ?", filter.balanceBelow());
        }
        if (filter.channelsAtLeast() != null) {
            where.add("d.channels >= ?", filter.channelsAtLeast().longValue());
        }
        if (filter.channelsAtMost() != null) {
            where.add("d.channels <= ?", filter.channelsAtMost().longValue());
        }
        if (afterCustomerId != null) {
            where.add("d.customer_id > ?", afterCustomerId);
        }
        String sql = ROWS + where.sql() + " order by d.customer_id limit " + Math.max(1, limit);
        return pool.preparedQuery(sql).execute(Tuple.tuple(where.values()))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(CustomerDirectoryRepository::listing).toList());
    }

    /** The SQL of an unfiltered first page, for a benchmark to EXPLAIN. */
    public static String sqlOfFirstPage() {
        return ROWS + " order by d.customer_id limit 51";
    }

    private static CustomerListing listing(Row row) {
        OffsetDateTime periodEnd = row.getOffsetDateTime("current_period_end");
        return new CustomerListing(row.getString("customer_id"), row.getUUID("subscription_id"), row.getString("subscription_status"),
                row.getUUID("plan_id"), row.getString("plan_name"), periodEnd == null ? null : periodEnd.toInstant(),
                AllocationMode.valueOf(row.getString("allocation_mode")), row.getLong("balance"), row.getLong("channels"));
    }
}
