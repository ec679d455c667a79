package app.reseller.channel.repository;

import app.reseller.channel.ChannelCursor;
import app.reseller.channel.ChannelFilter;
import app.reseller.channel.ChannelOrder;
import app.reseller.channel.ChannelState;
import app.reseller.platform.events.Where;
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
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * The operators' view of all channels: filtered, sorted and paged by a keyset (the sort key and the
 * id of the last row), so a page costs the same on the first page and the thousandth, and an export
 * walks the same pages. Each order has its index (V10__channel_directory.sql); filters are
 * parameters, never text put into the SQL.
 */
@ApplicationScoped
public class ChannelDirectoryRepository {

    /** One channel as an operator lists it, with its health verdict and its customer's balance. */
    public record Listing(UUID id, String customerId, String name, String phone, String whapiId, String state, String mode,
                          String linkStatus, String health, boolean paid, Instant activeTill, Instant createdAt,
                          Long customerBalanceDays) {
    }

    private static final String SELECT = """
            select c.id, c.customer_id, c.name, c.phone, c.whapi_id, c.state, c.mode, c.link_status, h.health, c.paid,
                   c.active_till, c.created_at, e.balance_days
              from channel c
              left join channel_health h on h.channel_id = c.id
              left join entitlement e on e.customer_id = c.customer_id
            """;

    private final Pool pool;

    public ChannelDirectoryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} channels matching {@code filter} in {@code order}, after {@code after} (null: from the start). */
    public Uni<List<Listing>> page(ChannelFilter filter, ChannelOrder order, boolean descending, ChannelCursor after, int limit) {
        Where where = new Where();
        if (!filter.states().isEmpty()) {
            where.add("c.state = any(?::text[])", (Object) filter.states().stream().map(ChannelState::name).toArray(String[]::new));
        }
        if (filter.mode() != null) {
            where.add("c.mode = ?", filter.mode().name());
        }
        if (filter.linkStatus() != null) {
            where.add("c.link_status = ?", filter.linkStatus());
        }
        if (filter.health() != null) {
            where.add("h.health = ?", filter.health().name());
        }
        if (filter.customerId() != null) {
            where.add("c.customer_id = ?", filter.customerId());
        }
        if (filter.phone() != null) {
            where.add("c.phone = ?", filter.phone());
        }
        if (filter.nameContains() != null) {
            // like on lower(name), so the trigram index serves it; the caller's % and _ are literal
            where.add("lower(c.name) like ?", "%" + likeLiteral(filter.nameContains().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (filter.expiresAfter() != null) {
            where.add("c.active_till >= ?", utc(filter.expiresAfter()));
        }
        if (filter.expiresBefore() != null) {
            where.add("c.active_till < ?", utc(filter.expiresBefore()));
        }
        if (filter.createdFrom() != null) {
            where.add("c.created_at >= ?", utc(filter.createdFrom()));
        }
        if (filter.createdTo() != null) {
            where.add("c.created_at < ?", utc(filter.createdTo()));
        }
        String key = sortKey(order);
        String direction = descending ? "desc" : "asc";
        if (after != null) {
            where.add("(" + key + ", c.id) " + (descending ? "<" : ">") + " (?::text::" + keyType(order) + ", ?::uuid)",
                    after.key(), after.id());
        }
        String sql = SELECT + where.sql() + " order by " + key + " " + direction + ", c.id " + direction
                + " limit " + Math.max(1, limit);
        return pool.preparedQuery(sql).execute(Tuple.tuple(where.values()))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(ChannelDirectoryRepository::listing).toList());
    }

    /** The sort key of a listed channel, as a cursor carries it. */
    public static String keyOf(Listing listing, ChannelOrder order) {
        return switch (order) {
            case EXPIRES -> listing.activeTill() == null ? "infinity" : listing.activeTill().toString();
            case CREATED -> listing.createdAt().toString();
            case NAME -> listing.name();
        };
    }

    /** The expressions the V10 indexes are built on: the same text, or PostgreSQL does not use them. */
    private static String sortKey(ChannelOrder order) {
        return switch (order) {
            case EXPIRES -> "coalesce(c.active_till, 'infinity'::timestamptz)";
            case CREATED -> "c.created_at";
            case NAME -> "c.name collate \"C\""; // byte order: the same on every database, and Java's
        };
    }

    private static String keyType(ChannelOrder order) {
        return order == ChannelOrder.NAME ? "text" : "timestamptz";
    }

    private static Listing listing(Row row) {
        return new Listing(row.getUUID("id"), row.getString("customer_id"), row.getString("name"), row.getString("phone"),
                row.getString("whapi_id"), row.getString("state"), row.getString("mode"), row.getString("link_status"),
                row.getString("health"), row.getBoolean("paid"), instant(row, "active_till"), instant(row, "created_at"),
                row.getLong("balance_days"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** The text with like's wildcards (and its escape character) taken literally. */
    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
