package app.reseller.channel.repository;

import app.reseller.channel.ChannelMessageLogEntry;
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
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * Messages through customers' own channels in time order for a period, a keyset page at a time
 * ((created_at, id) after the cursor; V11__channel_message_log.sql). A report, outside any transaction.
 */
@ApplicationScoped
public class ChannelMessageLogRepository {

    private final Pool pool;

    public ChannelMessageLogRepository(Pool pool) {
        this.pool = pool;
    }

    /** @param customerId null: every customer's; @param channelId null: every channel's */
    public Uni<List<ChannelMessageLogEntry>> page(String customerId, UUID channelId, Period period, TimeCursor after, int limit) {
        Where where = new Where().add("created_at >= ?", utc(period.from())).add("created_at < ?", utc(period.to()));
        if (customerId != null) {
            where.add("customer_id = ?", customerId);
        }
        if (channelId != null) {
            where.add("channel_id = ?", channelId);
        }
        if (after != null) {
            where.add("(created_at, id) > (?, ?)", utc(after.at()), after.id());
        }
        return pool.preparedQuery("""
                        select id, created_at, channel_id, customer_id, direction, chat_id, kind, status, whapi_message_id,
                               client_reference, failure, updated_at
                        from channel_message""" + where.sql() + " order by created_at, id limit " + Math.max(1, limit))
                .execute(Tuple.tuple(where.values()))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(ChannelMessageLogRepository::entry).toList());
    }

    private static ChannelMessageLogEntry entry(Row row) {
        return new ChannelMessageLogEntry(row.getUUID("id"), instant(row, "created_at"), row.getUUID("channel_id"),
                row.getString("customer_id"), row.getString("direction"), row.getString("chat_id"), row.getString("kind"),
                row.getString("status"), row.getString("whapi_message_id"), row.getString("client_reference"), row.getString("failure"),
                instant(row, "updated_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
