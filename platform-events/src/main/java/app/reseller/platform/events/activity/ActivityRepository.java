package app.reseller.platform.events.activity;

import app.reseller.platform.events.Where;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The activity trail read back, newest first, a keyset page (id below the cursor) at a time; and its retention. */
@ApplicationScoped
public class ActivityRepository {

    /** Which entries: every part optional (null), all combined. */
    public record Filter(String customerId, String action, String actor, Instant from, Instant to) {
    }

    private final Pool pool;
    private final ObjectMapper json;

    public ActivityRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<List<ActivityEntry>> page(Filter filter, Long beforeId, int limit) {
        Where where = new Where();
        if (filter.customerId() != null) {
            where.add("customer_id = ?", filter.customerId());
        }
        if (filter.action() != null) {
            where.add("action = ?", filter.action());
        }
        if (filter.actor() != null) {
            where.add("actor = ?", filter.actor());
        }
        if (filter.from() != null) {
            where.add("at >= ?", filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            where.add("at < ?", filter.to().atOffset(ZoneOffset.UTC));
        }
        if (beforeId != null) {
            where.add("id < ?", beforeId);
        }
        return pool.preparedQuery("""
                        select id, at, actor, api_key_id, customer_id, action, target, reason, before::text as before,
                               after::text as after, correlation_id
                        from activity""" + where.sql() + " order by id desc limit " + Math.max(1, limit))
                .execute(Tuple.tuple(where.values()))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(this::entry).toList());
    }

    /** Deletes the entries older than {@code before}: the only deletion the trail allows. */
    public Uni<Integer> deleteOlderThan(Instant before) {
        return pool.preparedQuery("delete from activity where at < $1").execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .map(io.vertx.mutiny.sqlclient.SqlResult::rowCount);
    }

    private ActivityEntry entry(Row row) {
        OffsetDateTime at = row.getOffsetDateTime("at");
        return new ActivityEntry(row.getLong("id"), at.toInstant(), row.getString("actor"), row.getString("api_key_id"),
                row.getString("customer_id"), row.getString("action"), row.getString("target"), row.getString("reason"),
                tree(row.getString("before")), tree(row.getString("after")), row.getString("correlation_id"));
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (java.io.IOException unreadable) {
            throw new IllegalStateException("an activity entry that is not JSON", unreadable);
        }
    }
}
