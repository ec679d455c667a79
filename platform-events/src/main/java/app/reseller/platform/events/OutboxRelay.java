package app.reseller.platform.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka and marks them sent.
 *
 * <p>One pass is one database transaction: take the advisory locks of every bucket no other
 * replica holds, claim those buckets' oldest unsent rows with {@code FOR UPDATE SKIP LOCKED},
 * publish them in order, mark the ones Kafka acknowledged sent, commit. If Kafka fails for an
 * aggregate, its failed row and the ones after it stay unsent and the relay tries again after a
 * growing pause, so a broker outage loses nothing, keeps each aggregate's order and sends no row
 * that Kafka acknowledged twice. A pass starts on a commit notification
 * ({@link OutboxCommitListener}), on a timer, and right after a full batch.
 *
 * <p>One relay per database publishes, the one holding its {@link RelayLease}; the other replicas'
 * relays stand by and take over when it stops, dies or freezes
 * ({@code platform.outbox.relay.one-per-database}; off, every relay publishes its share of the
 * buckets).
 *
 * <p>The relay runs on connections of its own ({@code platform.outbox.relay.connections}), not the
 * service's shared pool: measured at 800 events/s, a pass waited on average 390 ms for a shared
 * connection behind the requests that write the events, and that wait, not the work, capped the
 * relay near 550 events/s (docs/benchmarks.md).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long FIRST_BACKOFF_MS = 100;

    /** How every relay's connections name themselves to PostgreSQL; the rest is the replica's own id. */
    static final String APPLICATION_NAME = "outbox-relay ";
    // A pass takes at most its share of the buckets: the count over the relays connected now
    // (their connections' application_name), rounded up, starting from a random bucket. Taking every
    // free bucket kept most of them with whichever replica woke first, as passes follow each other
    // at once: two pods published 78 % / 22 % (docs/benchmarks.md, "Scale out"). The buckets a
    // replica leaves are taken by the others' passes, or by its own next ones if they are gone.
    // The lock is tried row by row, so LIMIT stops taking locks once the share is held.
    private static final String CLAIM_BUCKETS = """
            select b from (select (g + $3) % $1 as b from generate_series(0, $1 - 1) as g) as buckets
             where pg_try_advisory_xact_lock($2, b)
             limit $4
            """;
    // Counting the relays reads pg_stat_activity, which costs PostgreSQL more than the rest of a pass's
    // bucket claim together (on 17.6, 0.6 of the claim's 0.85 ms, more with more connections:
    // docs/benchmarks.md, "The relays counted once a second"),
    // and the count only changes when a replica starts or stops. So a pass counts again only when the
    // last count is RECOUNT_RELAYS_EVERY old. A stale count costs nothing lasting: counting a relay that
    // is gone, a pass takes less than it could and the look at free buckets calls the next pass at once;
    // missing a new one, the new replica gets its share a second later.
    private static final String COUNT_RELAYS = """
            select count(distinct application_name)::int from pg_stat_activity
             where datname = current_database() and application_name like $1
            """;
    static final Duration RECOUNT_RELAYS_EVERY = Duration.ofSeconds(1);
    // The claim must walk outbox_event_unsent_in_order in seq order and stop after a batch (V0_5 says
    // why). The statistics of a queue table are always wrong (thousands of rows pass between two
    // analyses), and on them the planner took a bitmap scan plus a sort, which reads every entry of
    // rows sent since the last vacuum. So the relay's transaction plans without those two. The
    // primary key is in seq order too, and on statistics taken while a relay was behind (a sixth of
    // the table unsent) the planner walked it for a claim of seq alone, filtering every sent row of
    // the table: 238 ms for an empty claim over 150,000 rows after a 2,000/s run (the hop benchmark's
    // explain, 2026-12-05). Which walk is cheaper is a matter of stale estimates either way (the two
    // costs were 524 and 546). Ordered by (seq, bucket), the same
    // order since seq is unique, only the unsent index gives the order without a sort (incremental
    // sorts are off too), so no statistics can make the primary key the cheaper walk.
    static final String PLAN_THE_CLAIM_IN_ORDER = "select set_config('enable_bitmapscan', 'off', true), "
            + "set_config('enable_sort', 'off', true), set_config('enable_incremental_sort', 'off', true)";
    // A pass's commit only records which rows Kafka has: if a crash loses it, those rows go again and
    // the consumers drop the copies by event id. WAL is flushed in order, so what a crash can lose is
    // the newest passes' marks, and their rows go again in seq order. So a pass does not wait for its
    // commit's flush (an fsync per pass, 60-90 passes a second at 2,000 events/s); every writer's
    // commit, and every consumer's, still does.
    static final String PASS_SETTINGS = PLAN_THE_CLAIM_IN_ORDER + ", set_config('synchronous_commit', 'off', true)";
    static final String CLAIM_ROWS = "select " + OutboxRow.COLUMNS + """
             from outbox_event
            where sent_at is null and bucket = any($1)
            order by seq, bucket
            limit $2
            for update skip locked
            """;
    // With several relays, a commit wakes each of them, but their shares may all miss the new row's
    // bucket: it would wait for the timer (a second). So a pass that took only its share asks, last,
    // whether a bucket no relay holds has unsent rows, and if so the next pass comes at once. Trying
    // the lock tells "free" from "held": a held bucket's relay publishes its rows; the one lock this
    // may take goes with the commit that follows.
    private static final String WAITING_IN_A_FREE_BUCKET = """
            select exists (select 1 from outbox_event
                            where sent_at is null and bucket <> all($1) and pg_try_advisory_xact_lock($2, bucket::int))
            """;
    private static final String MARK_SENT = "update outbox_event set sent_at = clock_timestamp() where seq = any($1)";
    private static final String PURGE = """
            delete from outbox_event where sent_at is not null and sent_at < clock_timestamp() - make_interval(secs => $1)""";
    private static final String BACKLOG = """
            select count(*), coalesce(extract(epoch from clock_timestamp() - min(created_at)), 0)
            from outbox_event where sent_at is null""";

    private final Pool shared;
    private final Config datasource;
    private final Vertx vertx;
    private final OutboxPublisher publisher;
    private final OutboxConfig.Relay config;
    private final Counter published;
    private final Counter failed;
    private final Timer passes;
    private final Clock clock;
    private final WorkInFlight work;
    private final String applicationName = APPLICATION_NAME + java.util.UUID.randomUUID();

    /** The relays connected when last counted (this one included), and when that was. */
    private record RelaysConnected(int count, Instant countedAt) {
        boolean fresh(Instant now) {
            return now.isBefore(countedAt.plus(RECOUNT_RELAYS_EVERY)) && !now.isBefore(countedAt);
        }

        int share() {
            return (OutboxBuckets.COUNT + count - 1) / count;
        }
    }

    private static final RelaysConnected ALONE = new RelaysConnected(1, Instant.MIN);
    private volatile RelaysConnected relays;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile long pausedUntil;
    private volatile long backoffMs = FIRST_BACKOFF_MS;
    private final List<Long> timers = new ArrayList<>();
    private volatile Pool pool;
    /** Who publishes, when one relay per database does; null when every relay publishes. */
    private volatile RelayLease lease;

    OutboxRelay(Pool shared, Config datasource, Vertx vertx, OutboxPublisher publisher, OutboxConfig config, MeterRegistry metrics,
                Clock clock, WorkInFlight work) {
        this.shared = shared;
        this.work = work;
        this.clock = clock;
        this.pool = shared;
        this.datasource = datasource;
        this.vertx = vertx;
        this.publisher = publisher;
        this.config = config.relay();
        this.published = Counter.builder("outbox.relay.published").description("outbox events published to Kafka").register(metrics);
        this.failed = Counter.builder("outbox.relay.failures").description("relay passes rolled back (Kafka or database failed)").register(metrics);
        // Every event waits for about one and a half passes, so the pass's time is the relay's share of
        // the hop; a rate of passes near 1/mean says the relay is busy all the time (the hop benchmark
        // needed a temporary probe to see that, docs/benchmarks.md).
        this.passes = Timer.builder("outbox.relay.pass")
                .description("one relay pass: claim buckets and rows, publish, mark, commit (failed passes too)").register(metrics);
        // what ops alert on: a backlog that grows, or an event that waits too long
        Gauge.builder("outbox.pending", pending, AtomicLong::get).description("outbox events not yet published").register(metrics);
        Gauge.builder("outbox.oldest.pending.seconds", oldestPendingSeconds, AtomicLong::get)
                .description("age of the oldest unpublished outbox event").register(metrics);
        // which pod publishes: the sum over a service's pods is 1 with one relay per database (0 for a moment at a takeover)
        Gauge.builder("outbox.relay.publishing", this, relay -> relay.config.enabled() && relay.publishing() ? 1 : 0)
                .description("1 while this pod's relay publishes (holds the relay lease, or every relay publishes), else 0").register(metrics);
    }

    void start(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            LOG.info("outbox relay disabled (platform.outbox.relay.enabled=false)");
            return;
        }
        pool = OutboxDatabase.of(datasource)
                // the pass timeout is PostgreSQL's to enforce: a replica frozen mid-pass cannot let go itself
                .map(options -> options.addProperty("application_name", applicationName)
                        .addProperty("idle_in_transaction_session_timeout", String.valueOf(config.passTimeout().toMillis())))
                .map(options -> PgBuilder.pool()
                        .with(new PoolOptions().setMaxSize(config.connections()).setName("outbox-relay"))
                        .connectingTo(options)
                        .using(vertx)
                        .build())
                .orElse(shared);
        // the lease tells a dead holder by its connections' name, which only the relay's own pool carries
        if (config.onePerDatabase() && pool != shared) {
            lease = new RelayLease(applicationName, config.lease(), config.pollInterval(), clock);
        }
        timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> wakeUp()));
        timers.add(vertx.setPeriodic(3_600_000L, id -> purgeSentRows().subscribe().with(
                purged -> LOG.debugf("purged %d sent outbox rows", purged),
                failure -> LOG.warnf("could not purge sent outbox rows: %s", failure.toString()))));
        timers.add(vertx.setPeriodic(10_000L, id -> measureBacklog().subscribe().with(
                ignored -> { },
                failure -> LOG.debugf("could not measure the outbox backlog: %s", failure.toString()))));
        wakeUp();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        if (pool != shared) {
            pool.closeAndForget();
        }
    }

    /** How this relay's connections name themselves to PostgreSQL (diagnostics, tests). */
    String applicationName() {
        return applicationName;
    }

    /** Asks for a pass soon. Cheap and safe to call from any thread, as often as wanted. */
    public void wakeUp() {
        wanted.set(true);
        if (System.currentTimeMillis() < pausedUntil || !running.compareAndSet(false, true)) {
            return; // a pass is under way (it will look again) or we are backing off after a failure
        }
        nextPass();
    }

    private void nextPass() {
        if (!wanted.getAndSet(false)) {
            running.set(false);
            // a wake-up may have landed between the check and the flag: do not lose it
            if (wanted.get() && running.compareAndSet(false, true)) {
                nextPass();
            }
            return;
        }
        if (!work.begin()) {
            running.set(false); // the pod is shutting down: the pass under way was the last
            letGo();
            return;
        }
        publishesNow().chain(publishes -> publishes ? pass() : Uni.createFrom().item(Pass.NONE)).onTermination().invoke(work::end).subscribe().with(
                pass -> {
                    backoffMs = FIRST_BACKOFF_MS;
                    if (pass.published() >= config.batchSize() || pass.waitingElsewhere()) {
                        wanted.set(true); // a full batch: more are probably waiting; or rows no relay is taking
                    }
                    nextPass();
                },
                failure -> {
                    failed.increment();
                    pausedUntil = System.currentTimeMillis() + backoffMs;
                    LOG.warnf("outbox relay pass failed, rows stay unsent, retrying in %d ms: %s", backoffMs, failure.toString());
                    backoffMs = Math.min(backoffMs * 2, config.maxBackoff().toMillis());
                    wanted.set(true);
                    running.set(false);
                });
    }

    /** One transaction; returns how many rows it published, or fails (after the commit) if Kafka failed some. */
    Uni<Integer> relayOnePass() {
        return pass().map(Pass::published);
    }

    /** What a pass did: the rows it published, and whether rows wait in a free bucket it did not take. */
    private record Pass(int published, boolean waitingElsewhere) {
        /** A standby's: it left the events to the relay that holds the lease. */
        static final Pass NONE = new Pass(0, false);
    }

    /** Whether this relay publishes now: always, or while it holds the lease when one relay per database does. */
    private Uni<Boolean> publishesNow() {
        RelayLease current = lease;
        return current == null ? Uni.createFrom().item(true) : current.publishes(pool);
    }

    /** A stopping pod's relay lets the lease go, so that a standby takes over at its next look, not when the lease ends. */
    private void letGo() {
        RelayLease current = lease;
        if (current != null && current.held()) {
            current.release(pool).subscribe().with(
                    released -> LOG.info("outbox relay stopped publishing: lease let go for a standby"),
                    failure -> LOG.warnf("could not let the outbox relay's lease go (a standby takes it when it ends): %s", failure.toString()));
        }
    }

    /** Whether this relay holds the lease (diagnostics, tests); true when every relay publishes. */
    boolean publishing() {
        RelayLease current = lease;
        return current == null || current.held();
    }

    private Uni<Pass> pass() {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample started = Timer.start();
            return transaction().onTermination().invoke(() -> started.stop(passes));
        });
    }

    private Uni<Pass> transaction() {
        // Statements that do not need each other's answers go together on the connection (pipelined):
        // the settings with the bucket claim, the mark with the look at free buckets. A pass is a few
        // milliseconds of round trips, and every event waits for about one and a half passes.
        return pool.withTransaction(connection -> Uni.combine().all()
                .unis(connection.query(PASS_SETTINGS).execute(), claimBuckets(connection)).with((settings, buckets) -> buckets)
                .chain(buckets -> (buckets.length == 0
                        ? Uni.createFrom().item(List.<OutboxRow>of())
                        : claimRows(connection, buckets))
                        .chain(rows -> publisher.publish(rows, clock.instant().plus(config.passTimeout().dividedBy(2)))
                                .chain(sent -> Uni.combine().all()
                                        .unis(markSent(connection, sent.acknowledged()), waitingElsewhere(connection, buckets, rows.size()))
                                        .with((marked, waiting) -> new SentPass(sent, waiting))))))
                .invoke(pass -> published.increment(pass.sent().acknowledged().size()))
                .chain(pass -> pass.sent().failure() == null
                        ? Uni.createFrom().item(new Pass(pass.sent().acknowledged().size(), pass.waitingElsewhere()))
                        : Uni.createFrom().failure(pass.sent().failure()));
    }

    private record SentPass(OutboxPublisher.Sent sent, boolean waitingElsewhere) {
    }

    /**
     * Whether rows wait in a bucket this pass did not take and no relay holds. Only a pass that took
     * less than every bucket and less than a full batch asks (a full batch calls the next pass anyway).
     */
    private Uni<Boolean> waitingElsewhere(SqlConnection connection, Integer[] buckets, int claimed) {
        if (buckets.length == OutboxBuckets.COUNT || claimed >= config.batchSize()) {
            return Uni.createFrom().item(false);
        }
        return connection.preparedQuery(WAITING_IN_A_FREE_BUCKET).execute(Tuple.of(buckets, OutboxBuckets.LOCK_NAMESPACE))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The buckets a pass would take now, let go at once: what the share rule gives (diagnostics, tests). */
    Uni<List<Integer>> bucketsAPassWouldTake() {
        return pool.withTransaction(connection -> claimBuckets(connection).map(List::of));
    }

    private Uni<Integer[]> claimBuckets(SqlConnection connection) {
        return relaysConnected(connection).chain(relays -> connection.preparedQuery(CLAIM_BUCKETS)
                .execute(Tuple.of(OutboxBuckets.COUNT, OutboxBuckets.LOCK_NAMESPACE,
                        java.util.concurrent.ThreadLocalRandom.current().nextInt(OutboxBuckets.COUNT), relays.share())))
                .map(rows -> {
                    List<Integer> buckets = new ArrayList<>();
                    for (Row row : rows) {
                        buckets.add(row.getInteger(0));
                    }
                    return buckets.toArray(Integer[]::new);
                });
    }

    private Uni<RelaysConnected> relaysConnected(SqlConnection connection) {
        if (lease != null) {
            // one relay publishes: it takes every free bucket (a frozen one waking beside it takes what is left)
            return Uni.createFrom().item(ALONE);
        }
        Instant now = clock.instant();
        RelaysConnected known = relays;
        if (known != null && known.fresh(now)) {
            return Uni.createFrom().item(known);
        }
        return connection.preparedQuery(COUNT_RELAYS).execute(Tuple.of(APPLICATION_NAME + "%"))
                .map(rows -> {
                    RelaysConnected counted = new RelaysConnected(Math.max(rows.iterator().next().getInteger(0), 1), now);
                    relays = counted;
                    return counted;
                });
    }

    private Uni<List<OutboxRow>> claimRows(SqlConnection connection, Integer[] buckets) {
        return connection.preparedQuery(CLAIM_ROWS)
                .execute(Tuple.of(buckets, config.batchSize()))
                .map(rows -> {
                    List<OutboxRow> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        claimed.add(OutboxRow.from(row));
                    }
                    return claimed;
                });
    }

    private Uni<Void> markSent(SqlConnection connection, List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] seqs = rows.stream().map(OutboxRow::seq).toArray(Long[]::new);
        return connection.preparedQuery(MARK_SENT).execute(Tuple.of(seqs)).replaceWithVoid();
    }

    /** Deletes sent rows older than the retention; unsent rows are never deleted. Returns how many went. */
    Uni<Integer> purgeSentRows() {
        return pool.preparedQuery(PURGE).execute(Tuple.of((double) config.retention().toSeconds())).map(rows -> rows.rowCount());
    }

    /** Refreshes the backlog gauges. */
    Uni<Void> measureBacklog() {
        return pool.query(BACKLOG).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            pending.set(row.getLong(0));
            oldestPendingSeconds.set(row.getNumeric(1).longValue());
        }).replaceWithVoid();
    }
}
