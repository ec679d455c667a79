package app.reseller.billing.repository;

import app.reseller.billing.AllocationMode;
import app.reseller.billing.DaysOverview.Customers;
import app.reseller.billing.DaysOverview.DaySpent;
import app.reseller.billing.Forecast.Demand;
import app.reseller.billing.Forecast.Horizons;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The figures of the operators' days overview and forecast. Reports: read outside any transaction
 * of the ledger, committed rows only.
 */
@ApplicationScoped
public class DaysOverviewRepository {

    /**
     * The days one channel's renewals take within {@code $3} days of now ({@code $1}): its first
     * renewal falls when its end date comes within the lead time ({@code $2}) and at once when it
     * has none yet or is already due; each takes its plan's extension days and moves the next one
     * as many days later.
     */
    private static final String RENEWAL_DAYS = """
            case when r.first_due >= $1 + make_interval(days => %1$d) then 0
                 else (floor(extract(epoch from ($1 + make_interval(days => %1$d) - r.first_due)) / (r.ext * 86400.0)) + 1) * r.ext
            end""";

    private final Pool pool;

    public DaysOverviewRepository(Pool pool) {
        this.pool = pool;
    }

    /** Each customer with live channels on an ACTIVE plan, with what their renewals take (null customer: every one). */
    public Uni<List<Demand>> demands(Instant now, Duration leadTime, String customerId) {
        return pool.preparedQuery("""
                        with renewing as (
                            select c.customer_id, p.extension_days as ext,
                                   greatest(coalesce(c.active_till - make_interval(secs => $2), $1), $1) as first_due
                            from billing_channel c
                            join subscription sub on sub.customer_id = c.customer_id and sub.status = 'ACTIVE'
                            join plan p on p.id = sub.plan_id
                            where not c.deleted and ($3::text is null or c.customer_id = $3))
                        select r.customer_id, coalesce(m.allocation_mode, 'MANUAL') as mode,
                               coalesce(a.balance, 0) as balance, count(*) as channels,
                               count(*) filter (where r.first_due < $1 + interval '7 days') as due7,
                               sum(%1$s) as days7, sum(%2$s) as days30, sum(%3$s) as days60
                        from renewing r
                        left join customer_settings m on m.customer_id = r.customer_id
                        left join ledger_account a on a.id = 'CUSTOMER:' || r.customer_id
                        group by r.customer_id, m.allocation_mode, a.balance
                        order by r.customer_id""".formatted(RENEWAL_DAYS.formatted(7), RENEWAL_DAYS.formatted(30),
                        RENEWAL_DAYS.formatted(60)))
                .execute(Tuple.of(utc(now), (double) leadTime.toSeconds(), customerId))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(DaysOverviewRepository::demand).toList());
    }

    /** A customer without renewals: its balance and mode, nothing to renew. */
    public Uni<Demand> idle(String customerId) {
        return pool.preparedQuery("""
                        select coalesce((select balance from ledger_account where id = 'CUSTOMER:' || $1), 0) as balance,
                               coalesce((select allocation_mode from customer_settings where customer_id = $1), 'MANUAL') as mode""")
                .execute(Tuple.of(customerId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Demand(customerId, AllocationMode.valueOf(row.getString("mode")), row.getLong("balance"), 0, 0,
                            new Horizons(0, 0, 0));
                });
    }

    /** Customers known to billing (customer_directory: anyone with a subscription, a setting, a day account or a channel). */
    public Uni<Customers> customers() {
        return pool.query("""
                        select count(*) as total, count(*) filter (where subscription_status = 'ACTIVE') as active,
                               count(*) filter (where allocation_mode = 'AUTOMATIC') as automatic
                        from customer_directory""")
                .execute().map(rows -> {
                    Row row = rows.iterator().next();
                    return new Customers(row.getLong("total"), row.getLong("active"), row.getLong("automatic"));
                });
    }

    /** Days confirmed on channels (WHAPI extended them) per UTC day, the {@code days} days up to today, oldest first, zeros included. */
    public Uni<List<DaySpent>> spentPerDay(Instant now, int days) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        return pool.preparedQuery("""
                        select (settled_at at time zone 'UTC')::date as day, sum(days) as spent
                        from ledger_transfer
                        where kind = 'EXTEND' and status = 'CONFIRMED' and settled_at >= $1 and settled_at < $2
                        group by 1""")
                .execute(Tuple.of(first.atStartOfDay().atOffset(ZoneOffset.UTC), today.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    java.util.Map<LocalDate, Long> byDay = new java.util.HashMap<>();
                    rows.forEach(row -> byDay.put(row.getLocalDate("day"), row.getLong("spent")));
                    List<DaySpent> spent = new ArrayList<>();
                    for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
                        spent.add(new DaySpent(day, byDay.getOrDefault(day, 0L)));
                    }
                    return spent;
                });
    }

    private static Demand demand(Row row) {
        return new Demand(row.getString("customer_id"), AllocationMode.valueOf(row.getString("mode")), row.getLong("balance"),
                row.getLong("channels"), row.getLong("due7"),
                new Horizons(row.getLong("days7"), row.getLong("days30"), row.getLong("days60")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
