package app.reseller.platform.events;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Which relay of a database publishes: the one that holds the {@value #NAME} lease in
 * {@code job_lease}. The others stand by and look at the lease once a poll interval; one takes it
 * when it expired (its holder froze or stopped renewing), when its holder let it go (a pod that
 * stops), or when no connection of the holder is left (a pod that died: PostgreSQL drops its
 * connections at once, so a standby does not wait for the lease to run out).
 *
 * <p>Why one relay and not one per pod: a relay in every pod splits the same events into more,
 * smaller passes, and every pass and produce request has a fixed cost: two messaging pods published
 * the same events in 468-510 passes with a relay each, 196-236 with one (docs/benchmarks.md, "One
 * relay per database").
 *
 * <p>The lease only says who should publish; it does not keep relays apart. Two relays may both
 * believe they hold it for a moment (a leader frozen past its lease wakes up mid-pass), and then
 * the buckets' advisory locks still keep each aggregate with one relay at a time, as when every
 * pod's relay published.
 */
final class RelayLease {

    static final String NAME = "outbox-relay";

    // The holder is the relay's application_name, which its own connections carry: a holder with no
    // connection left is gone, whatever its lease says. Two standbys taking it at once queue on the
    // row; the second sees the first's holder, connected, and takes nothing.
    private static final String TAKE = """
            insert into job_lease (name, holder, until) values ($1, $2, $3)
            on conflict (name) do update set holder = excluded.holder, until = excluded.until
             where job_lease.holder = excluded.holder or job_lease.until < $4
                or not exists (select 1 from pg_stat_activity where application_name = job_lease.holder)
            returning holder""";
    private static final String RELEASE = "delete from job_lease where name = $1 and holder = $2";

    private final String holder;
    private final Duration lease;
    private final Duration lookEvery;
    private final Clock clock;

    private volatile boolean held;
    /** When a holder renews its lease (a third of it has passed), or when a standby looks again. */
    private volatile Instant nextLook = Instant.MIN;

    RelayLease(String holder, Duration lease, Duration lookEvery, Clock clock) {
        this.holder = holder;
        this.lease = lease;
        this.lookEvery = lookEvery;
        this.clock = clock;
    }

    /** Whether this relay publishes now; takes or renews the lease when it is time to. */
    Uni<Boolean> publishes(Pool pool) {
        Instant now = clock.instant();
        if (now.isBefore(nextLook)) {
            return Uni.createFrom().item(held);
        }
        return pool.preparedQuery(TAKE).execute(Tuple.of(NAME, holder, now.plus(lease).atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    held = rows.size() == 1;
                    nextLook = now.plus(held ? lease.dividedBy(3) : lookEvery);
                    return held;
                });
    }

    /** Lets the lease go, if held, so that a standby takes it at its next look (a pod that stops relaying). */
    Uni<Void> release(Pool pool) {
        if (!held) {
            return Uni.createFrom().voidItem();
        }
        held = false;
        nextLook = Instant.MAX; // a relay that let go does not take it again
        return pool.preparedQuery(RELEASE).execute(Tuple.of(NAME, holder)).replaceWithVoid();
    }

    boolean held() {
        return held;
    }
}
