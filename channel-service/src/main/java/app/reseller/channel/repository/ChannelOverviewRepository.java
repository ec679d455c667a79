package app.reseller.channel.repository;

import app.reseller.channel.ChannelOverview;
import app.reseller.channel.ChannelOverview.Expiring;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet's counts in two statements: one grouping-sets pass for the four breakdowns, one for the
 * expiry windows. A report: read outside any transaction, committed rows only.
 */
@ApplicationScoped
public class ChannelOverviewRepository {

    private final Pool pool;

    public ChannelOverviewRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<ChannelOverview> overview(Instant now) {
        Uni<Map<String, Map<String, Long>>> breakdowns = pool.query("""
                        select grouping(c.state) = 0 as by_state, grouping(c.mode) = 0 as by_mode,
                               grouping(coalesce(c.link_status, 'UNKNOWN')) = 0 as by_link,
                               c.state, c.mode, coalesce(c.link_status, 'UNKNOWN') as link_status,
                               coalesce(h.health, 'UNCHECKED') as health, count(*) as channels
                        from channel c left join channel_health h on h.channel_id = c.id
                        where c.state <> 'DELETED'
                        group by grouping sets ((c.state), (c.mode), (coalesce(c.link_status, 'UNKNOWN')),
                                                (coalesce(h.health, 'UNCHECKED')))""")
                .execute().map(rows -> {
                    Map<String, Map<String, Long>> counts = Map.of("state", new TreeMap<>(), "mode", new TreeMap<>(),
                            "link", new TreeMap<>(), "health", new TreeMap<>());
                    for (Row row : rows) {
                        String dimension = row.getBoolean("by_state") ? "state" : row.getBoolean("by_mode") ? "mode"
                                : row.getBoolean("by_link") ? "link" : "health";
                        String value = switch (dimension) {
                            case "state" -> row.getString("state");
                            case "mode" -> row.getString("mode");
                            case "link" -> row.getString("link_status");
                            default -> row.getString("health");
                        };
                        counts.get(dimension).put(value == null ? "NONE" : value, row.getLong("channels"));
                    }
                    return counts;
                });
        Uni<Expiring> expiring = pool.preparedQuery("""
                        select count(*) filter (where active_till < $1) as ended,
                               count(*) filter (where active_till >= $1 and active_till < $1 + interval '3 days') as within3,
                               count(*) filter (where active_till >= $1 and active_till < $1 + interval '7 days') as within7,
                               count(*) filter (where active_till >= $1 and active_till < $1 + interval '30 days') as within30
                        from channel where state = 'ACTIVE'""")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Expiring(row.getLong("ended"), row.getLong("within3"), row.getLong("within7"), row.getLong("within30"));
                });
        return Uni.combine().all().unis(breakdowns, expiring).with((counts, soon) -> new ChannelOverview(now,
                counts.get("state").values().stream().mapToLong(Long::longValue).sum(),
                counts.get("state"), counts.get("mode"), counts.get("link"), counts.get("health"), soon));
    }
}
