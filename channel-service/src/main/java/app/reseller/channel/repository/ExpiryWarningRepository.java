package app.reseller.channel.repository;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExpiring;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Records which channels were warned of their end date, and writes their ChannelExpiring events with the record. */
@ApplicationScoped
public class ExpiryWarningRepository {

    /*
     * Concurrent runs (two replicas) cannot warn twice: the primary key takes one insert per
     * (channel, end date), and the loser's row is skipped by "on conflict do nothing".
     */
    private static final String WARN = """
            with warned as (
                insert into channel_expiry_warning (channel_id, active_till, warned_at)
                select c.id, c.active_till, $1 from channel c
                where c.state = 'ACTIVE' and c.active_till > $1 and c.active_till <= $2
                  and not exists (select 1 from channel_expiry_warning w where w.channel_id = c.id and w.active_till = c.active_till)
                order by c.active_till limit $3
                on conflict do nothing returning channel_id, active_till)
            select w.channel_id, w.active_till, c.customer_id from warned w join channel c on c.id = w.channel_id
            """;

    private final Pool pool;
    private final Outbox outbox;

    public ExpiryWarningRepository(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /** Warns the channels ending within {@code warnBefore} not warned yet for that end date; how many. */
    public Uni<Integer> warnEndingBefore(Instant now, Duration warnBefore, int batch) {
        return pool.withTransaction(tx -> tx.preparedQuery(WARN)
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), now.plus(warnBefore).atOffset(ZoneOffset.UTC), batch))
                .chain(rows -> Multi.createFrom().iterable(rows).onItem().transformToUniAndConcatenate(row -> {
                            String channelId = row.getUUID("channel_id").toString();
                            Instant activeTill = row.getOffsetDateTime("active_till").toInstant();
                            return outbox.appendWithin(tx, new ChannelExpiring(channelId, row.getString("customer_id"), activeTill,
                                            Duration.between(now, activeTill).toHours()));
                        })
                        .collect().asList().map(java.util.List::size)));
    }
}
