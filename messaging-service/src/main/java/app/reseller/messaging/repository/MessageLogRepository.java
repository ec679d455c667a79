package app.reseller.messaging.repository;

import app.reseller.messaging.MessageLogEntry;
import app.reseller.platform.domain.Period;
import app.reseller.platform.events.Where;
import app.reseller.platform.web.TimeCursor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Outbound messages in time order for a period, a keyset page at a time ((created_at, id) after the
 * cursor; indexes in V5__message_log.sql). A report, read outside any transaction.
 */
@ApplicationScoped
public class MessageLogRepository {

    private final Pool pool;

    public MessageLogRepository(Pool pool) {
        this.pool = pool;
    }

    /** @param customerId null: every customer's */
    public Uni<List<MessageLogEntry>> page(String customerId, Period period, TimeCursor after, int limit) {
        Where where = new Where().add("created_at >= ?", utc(period.from())).add("created_at < ?", utc(period.to()));
        if (customerId != null) {
            where.add("customer_id = ?", customerId);
        }
        if (after != null) {
            where.add("(created_at, id) > (?, ?)", utc(after.at()), after.id());
        }
        return pool.preparedQuery("""
                        select id, created_at, customer_id, recipient, kind, template, status, wappin_message_id, failure_code, failure,
                               updated_at
                        from outbound_message""" + where.sql() + " order by created_at, id limit " + Math.max(1, limit))
                .execute(Tuple.tuple(where.values()))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(MessageLogRepository::entry).toList());
    }

    private static MessageLogEntry entry(Row row) {
        return new MessageLogEntry(row.getUUID("id"), instant(row, "created_at"), row.getString("customer_id"), row.getString("recipient"),
                row.getString("kind"), row.getString("template"), row.getString("status"), row.getString("wappin_message_id"),
                row.getString("failure_code"), row.getString("failure"), instant(row, "updated_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
