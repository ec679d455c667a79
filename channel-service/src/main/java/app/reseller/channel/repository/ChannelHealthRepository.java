package app.reseller.channel.repository;

import app.reseller.channel.ChannelHealth;
import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.contract.ChannelEvents.ChannelHealthChanged;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The channels' health state machine, on the reactive pool: every change of status or verdict is
 * one short transaction under the health row's lock, with its transition row and, when the verdict
 * changed, its ChannelHealthChanged event (outbox).
 */
@ApplicationScoped
public class ChannelHealthRepository {

    /** A channel's health now. */
    public record Current(UUID channelId, String customerId, String status, ChannelHealth health, Instant since, int restarts,
                          Instant nextRestartAt) {
    }

    public record Transition(String fromStatus, String toStatus, String fromHealth, String toHealth, String cause, Instant at) {
    }

    private static final String CURRENT = "select h.channel_id, c.customer_id, h.status, h.health, h.since, h.restarts, h.next_restart_at"
            + " from channel_health h join channel c on c.id = h.channel_id";

    private final Pool pool;
    private final Outbox outbox;

    public ChannelHealthRepository(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /**
     * WHAPI reported {@code status} for the channel. A repeated status changes nothing; a new one is
     * stored with its time. A STUCK channel stays STUCK while WHAPI keeps starting it (its restarts
     * go on counting); HEALTHY or LINKING ends it and forgets the restarts. A status WHAPI reported
     * before the current one was entered is stale and changes nothing: a health poll sent before a
     * restart must not undo the webhook that reported the restart's outcome. True when something changed.
     *
     * @param reportedAt when WHAPI said it: a webhook's arrival, or when the poll was sent
     */
    public Uni<Boolean> observe(UUID channelId, String customerId, String status, String cause, Instant reportedAt, Instant now) {
        ChannelHealth reported = ChannelHealth.of(status);
        return pool.withTransaction(tx -> tx.preparedQuery("insert into channel_health (channel_id, status, health, since, updated_at)"
                        + " values ($1, $2, $3, $4, $4) on conflict (channel_id) do nothing returning channel_id")
                .execute(Tuple.of(channelId, status, reported.name(), utc(now)))
                .chain(inserted -> inserted.size() == 1
                        ? log(tx, channelId, null, status, null, reported, cause, now)
                        .chain(() -> event(tx, channelId, customerId, reported, null, status, 0, cause, now)).replaceWith(true)
                        : tx.preparedQuery(CURRENT + " where h.channel_id = $1 for update of h").execute(Tuple.of(channelId))
                        .chain(rows -> {
                            Current was = current(rows.iterator().next());
                            return reportedAt.isBefore(was.since()) ? Uni.createFrom().item(false)
                                    : change(tx, was, status, reported, cause, now);
                        })));
    }

    private Uni<Boolean> change(SqlClient tx, Current was, String status, ChannelHealth reported, String cause, Instant now) {
        if (was.status().equals(status)) {
            return Uni.createFrom().item(false);
        }
        ChannelHealth next = was.health() == ChannelHealth.STUCK && reported.restartWorthy() ? ChannelHealth.STUCK
                // a silent channel said AUTH all along, and its restart's bounce says nothing about flow either
                : was.health() == ChannelHealth.SILENT && (reported == ChannelHealth.HEALTHY || reported == ChannelHealth.STARTING)
                ? ChannelHealth.SILENT : reported;
        boolean recovered = next == ChannelHealth.HEALTHY || next == ChannelHealth.LINKING;
        int restarts = recovered ? 0 : was.restarts();
        return tx.preparedQuery("""
                        update channel_health set status = $2, health = $3, since = $4, updated_at = $4,
                            restarts = $5, next_restart_at = case when $6 then null else next_restart_at end
                        where channel_id = $1""")
                .execute(Tuple.tuple(Arrays.<Object>asList(was.channelId(), status, next.name(), utc(now), restarts, recovered)))
                .chain(() -> log(tx, was.channelId(), was.status(), status, was.health(), next, cause, now))
                .chain(() -> next == was.health() ? Uni.createFrom().voidItem()
                        : event(tx, was.channelId(), was.customerId(), next, was.health(), status, restarts, cause, now))
                .replaceWith(true);
    }

    /** Channels STARTING or FAILED since before {@code stuckBefore} become STUCK; how many. */
    public Uni<Integer> markStuck(Instant stuckBefore, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery(CURRENT + " where h.health in ('STARTING', 'FAILED') and h.since < $1"
                        + " for update of h skip locked").execute(Tuple.of(utc(stuckBefore)))
                .chain(rows -> Multi.createFrom().iterable(rows).map(ChannelHealthRepository::current)
                        .onItem().transformToUniAndConcatenate(was -> tx.preparedQuery(
                                        "update channel_health set health = 'STUCK', updated_at = $2 where channel_id = $1")
                                .execute(Tuple.of(was.channelId(), utc(now)))
                                .chain(() -> log(tx, was.channelId(), was.status(), was.status(), was.health(), ChannelHealth.STUCK,
                                        "stuck-detected", now))
                                .chain(() -> event(tx, was.channelId(), was.customerId(), ChannelHealth.STUCK, was.health(), was.status(),
                                        was.restarts(), "stuck-detected", now)))
                        .collect().asList().map(List::size)));
    }

    /**
     * HEALTHY channels with a send WHAPI accepted longer than the channel's own threshold ago (or
     * {@code silentAfter}, the platform's; and after the channel
     * became healthy) that never got a status become SILENT; how many. Idleness is never evidence:
     * a channel nobody sends through stays HEALTHY.
     */
    public Uni<Integer> markSilent(Duration silentAfter, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery(CURRENT + """
                         where h.health = 'HEALTHY' and c.state = 'ACTIVE' and exists (
                            select 1 from channel_message m where m.channel_id = h.channel_id and m.direction = 'OUT'
                                and m.status = 'ACCEPTED' and m.created_at > h.since
                                and m.created_at < $1::timestamptz - make_interval(secs => coalesce(c.silent_after_seconds, $2))
                                and (h.flowed_at is null or m.created_at > h.flowed_at))
                        for update of h skip locked""").execute(Tuple.of(utc(now), (double) silentAfter.toSeconds()))
                .chain(rows -> Multi.createFrom().iterable(rows).map(ChannelHealthRepository::current)
                        .onItem().transformToUniAndConcatenate(was -> tx.preparedQuery(
                                        "update channel_health set health = 'SILENT', updated_at = $2, silent_by_probe = false where channel_id = $1")
                                .execute(Tuple.of(was.channelId(), utc(now)))
                                .chain(() -> log(tx, was.channelId(), was.status(), was.status(), was.health(), ChannelHealth.SILENT,
                                        "no-sent-status", now))
                                .chain(() -> event(tx, was.channelId(), was.customerId(), ChannelHealth.SILENT, was.health(), was.status(),
                                        was.restarts(), "no-sent-status", now)))
                        .collect().asList().map(List::size)));
    }

    /**
     * Something flowed through the channel (a status of a sent message, or a message received), in
     * the caller's transaction: a SILENT channel is HEALTHY again, its restarts forgotten.
     */
    public Uni<Void> flowed(SqlClient tx, UUID channelId, String cause, Instant now) {
        // first the row, always: a monitor pass deciding SILENT meanwhile skips it (SKIP LOCKED), or, if it read the
        // message as ACCEPTED before this commits, re-checks this row's new flowed_at when it locks it and lets it be;
        // a pass that locked it first makes this wait, and the SILENT it wrote is undone just below
        return tx.preparedQuery("update channel_health set flowed_at = greatest(coalesce(flowed_at, $2), $2), probe_failures = 0"
                        + " where channel_id = $1")
                .execute(Tuple.of(channelId, utc(now)))
                .chain(() -> tx.preparedQuery(CURRENT + " where h.channel_id = $1 and h.health = 'SILENT' for update of h")
                        .execute(Tuple.of(channelId)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Current was = current(rows.iterator().next());
                    return tx.preparedQuery("""
                                    update channel_health set health = 'HEALTHY', since = $2, updated_at = $2, restarts = 0,
                                        next_restart_at = null, silent_by_probe = false where channel_id = $1""")
                            .execute(Tuple.of(channelId, utc(now)))
                            .chain(() -> log(tx, channelId, was.status(), was.status(), ChannelHealth.SILENT, ChannelHealth.HEALTHY, cause, now))
                            .chain(() -> event(tx, channelId, was.customerId(), ChannelHealth.HEALTHY, ChannelHealth.SILENT, was.status(),
                                    0, cause, now));
                });
    }

    /**
     * Takes the next automatic restart of a stuck (or silent) channel, if it is due and the cap not reached:
     * one conditional update, so racing monitors take each step once. The next step waits
     * {@code backoff * 2^restarts}. The restart's number, or null when it is not this one's to do.
     */
    public Uni<Integer> takeRestart(UUID channelId, Instant now, Duration backoff, int cap) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        update channel_health set restarts = restarts + 1, updated_at = $2,
                            next_restart_at = $2 + make_interval(secs => $3 * power(2, restarts))
                        where channel_id = $1 and health in ('STUCK', 'SILENT') and restarts < $4
                            and (next_restart_at is null or next_restart_at <= $2)
                        returning restarts, status, health""")
                .execute(Tuple.of(channelId, utc(now), (double) backoff.toMillis() / 1000, cap))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    int restart = row.getInteger("restarts");
                    ChannelHealth health = ChannelHealth.valueOf(row.getString("health"));
                    return log(tx, channelId, row.getString("status"), row.getString("status"), health, health,
                            "auto-restart " + restart + "/" + cap, now).replaceWith(restart);
                }));
    }

    // ---- the active probe ----

    /**
     * Channels to probe, least recently probed first: active, linked and HEALTHY with nothing flowed
     * and no probe since {@code quietSince} (a flow is proof enough), or SILENT by the probe's own
     * verdict (an answer ends it).
     */
    public Uni<List<UUID>> dueForProbe(Instant quietSince, int limit) {
        return pool.preparedQuery("""
                        select h.channel_id from channel_health h join channel c on c.id = h.channel_id and c.state = 'ACTIVE'
                        where ((h.health = 'HEALTHY' and h.status = 'AUTH' and (h.flowed_at is null or h.flowed_at < $1))
                               or (h.health = 'SILENT' and h.silent_by_probe))
                          and (h.probed_at is null or h.probed_at < $1)
                        order by h.probed_at nulls first, h.channel_id limit $2""")
                .execute(Tuple.of(utc(quietSince), limit))
                .map(rows -> rows.stream().map(r -> r.getUUID("channel_id")).toList());
    }

    /**
     * The channel's worker answered a probe: its failures are forgotten; a silence the probe decided
     * ends (HEALTHY, restarts forgotten) if WHAPI still says AUTH. A silence a send decided is left to a
     * flow: WHAPI's AUTH said nothing about it. True when it made the channel HEALTHY.
     * <p>
     * An answer to a probe sent before the latest one recorded says nothing new and changes nothing:
     * a pass that probed the channel just before its worker stopped answering, and settles after a
     * later pass counted the failure, must not forget it (CI once found a counted failure gone).
     * {@code probed_at} is when the latest recorded probe was sent, so "latest" is by sending, not settling.
     */
    public Uni<Boolean> probeAnswered(UUID channelId, Instant sentAt, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery(CURRENT + " where h.channel_id = $1 for update of h").execute(Tuple.of(channelId))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(false) : tx.preparedQuery("""
                                update channel_health set probed_at = $3, probe_failures = 0,
                                    health = case when health = 'SILENT' and silent_by_probe and status = 'AUTH' then 'HEALTHY' else health end,
                                    restarts = case when health = 'SILENT' and silent_by_probe and status = 'AUTH' then 0 else restarts end,
                                    next_restart_at = case when health = 'SILENT' and silent_by_probe and status = 'AUTH' then null
                                                           else next_restart_at end,
                                    silent_by_probe = silent_by_probe and not (health = 'SILENT' and status = 'AUTH'),
                                    updated_at = case when health = 'SILENT' and silent_by_probe and status = 'AUTH' then $2 else updated_at end
                                where channel_id = $1 and (probed_at is null or probed_at <= $3) returning health""")
                                .execute(Tuple.of(channelId, utc(now), utc(sentAt)))
                        .chain(updated -> {
                            Current was = current(rows.iterator().next());
                            boolean recovered = updated.size() == 1 && was.health() == ChannelHealth.SILENT
                                    && ChannelHealth.HEALTHY.name().equals(updated.iterator().next().getString("health"));
                            return !recovered ? Uni.createFrom().item(false)
                                    : log(tx, channelId, was.status(), was.status(), ChannelHealth.SILENT, ChannelHealth.HEALTHY, "probe-answered", now)
                                    .chain(() -> event(tx, channelId, was.customerId(), ChannelHealth.HEALTHY, ChannelHealth.SILENT,
                                            was.status(), 0, "probe-answered", now))
                                    .replaceWith(true);
                        })));
    }

    /** A probe that proved nothing either way (WHAPI refused it: the token, a channel it no longer knows): probed, not counted. */
    public Uni<Void> probeInconclusive(UUID channelId, Instant sentAt) {
        return pool.preparedQuery("update channel_health set probed_at = greatest(coalesce(probed_at, $2), $2) where channel_id = $1")
                .execute(Tuple.of(channelId, utc(sentAt))).replaceWithVoid();
    }

    /**
     * A probe sent at {@code sentAt} got no answer (a timeout, WHAPI's 5xx): counted, unless the
     * channel is no longer HEALTHY or something flowed through it since the probe was sent (proof it
     * works, whatever its worker's health call did); the {@code failuresToSilence}-th in a row makes it
     * SILENT by the probe, to be restarted like any silent channel. Counted once per probe period
     * (only while its last probe is older than {@code quietSince}), or when the latest recorded probe of
     * this period was answered and sent before this one: the worker's last word is no answer, whichever
     * pass settles first. True when it made it SILENT.
     */
    public Uni<Boolean> probeFailed(UUID channelId, Instant sentAt, Instant quietSince, Instant now, int failuresToSilence) {
        // counted once per probe period: a second pass racing this one (a lapsed lease) found it due too, and counts nothing
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        with was as (select channel_id, health = 'HEALTHY' and (flowed_at is null or flowed_at < $2)
                                            and (probed_at is null or probed_at < $3 or (probe_failures = 0 and probed_at < $2)) as counts
                                     from channel_health where channel_id = $1 for update)
                        update channel_health h set probed_at = greatest(coalesce(h.probed_at, $2), $2),
                            probe_failures = case when was.counts then h.probe_failures + 1 else h.probe_failures end
                        from was where h.channel_id = was.channel_id
                        returning h.probe_failures, was.counts as counted""")
                .execute(Tuple.of(channelId, utc(sentAt), utc(quietSince)))
                .chain(counted -> counted.size() == 0 || !counted.iterator().next().getBoolean("counted")
                        || counted.iterator().next().getInteger("probe_failures") < failuresToSilence
                        ? Uni.createFrom().item(false)
                        : tx.preparedQuery(CURRENT + " where h.channel_id = $1").execute(Tuple.of(channelId))
                        .chain(rows -> {
                            Current was = current(rows.iterator().next());
                            String cause = "probe-failed " + failuresToSilence + "x";
                            return tx.preparedQuery("""
                                            update channel_health set health = 'SILENT', silent_by_probe = true, probe_failures = 0,
                                                updated_at = $2 where channel_id = $1""")
                                    .execute(Tuple.of(channelId, utc(now)))
                                    .chain(() -> log(tx, channelId, was.status(), was.status(), ChannelHealth.HEALTHY, ChannelHealth.SILENT,
                                            cause, now))
                                    .chain(() -> event(tx, channelId, was.customerId(), ChannelHealth.SILENT, ChannelHealth.HEALTHY,
                                            was.status(), was.restarts(), cause, now))
                                    .replaceWith(true);
                        })));
    }

    /** Channels to poll: active, and not healthy or linking. */
    public Uni<List<UUID>> notHealthy() {
        return pool.preparedQuery("select h.channel_id from channel_health h join channel c on c.id = h.channel_id and c.state = 'ACTIVE'"
                        + " where h.health in ('STARTING', 'STUCK', 'FAILED') order by h.since limit 500").execute()
                .map(rows -> rows.stream().map(r -> r.getUUID("channel_id")).toList());
    }

    /** Stuck or silent channels whose next restart is due and whose cap is not reached. */
    public Uni<List<UUID>> restartsDue(Instant now, int cap) {
        return pool.preparedQuery("select h.channel_id from channel_health h join channel c on c.id = h.channel_id and c.state = 'ACTIVE'"
                        + " where h.health in ('STUCK', 'SILENT') and h.restarts < $2 and (h.next_restart_at is null or h.next_restart_at <= $1)")
                .execute(Tuple.of(utc(now), cap))
                .map(rows -> rows.stream().map(r -> r.getUUID("channel_id")).toList());
    }

    /** Every active channel's health, for the metrics. */
    public Uni<List<Current>> allActive() {
        return pool.preparedQuery(CURRENT + " where c.state = 'ACTIVE'").execute()
                .map(rows -> rows.stream().map(ChannelHealthRepository::current).toList());
    }

    public Uni<Current> find(UUID channelId) {
        return pool.preparedQuery(CURRENT + " where h.channel_id = $1").execute(Tuple.of(channelId))
                .map(rows -> rows.size() == 0 ? null : current(rows.iterator().next()));
    }

    public Uni<List<Transition>> transitions(UUID channelId, int limit) {
        return pool.preparedQuery("select from_status, to_status, from_health, to_health, cause, at from channel_health_transition"
                        + " where channel_id = $1 order by id desc limit $2").execute(Tuple.of(channelId, limit))
                .map(rows -> rows.stream().map(r -> new Transition(r.getString("from_status"), r.getString("to_status"),
                        r.getString("from_health"), r.getString("to_health"), r.getString("cause"),
                        r.getOffsetDateTime("at").toInstant())).toList());
    }

    private static Uni<Void> log(SqlClient tx, UUID channelId, String fromStatus, String toStatus, ChannelHealth fromHealth,
                                 ChannelHealth toHealth, String cause, Instant at) {
        return tx.preparedQuery("insert into channel_health_transition (channel_id, from_status, to_status, from_health, to_health, cause, at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple(Arrays.<Object>asList(channelId, fromStatus, toStatus, fromHealth == null ? null : fromHealth.name(),
                        toHealth.name(), cause, utc(at))))
                .replaceWithVoid();
    }

    private Uni<Void> event(SqlClient tx, UUID channelId, String customerId, ChannelHealth health, ChannelHealth previous, String status,
                            int restarts, String cause, Instant at) {
        return outbox.appendWithin(tx, new ChannelHealthChanged(channelId.toString(), customerId, health.name(), previous == null ? null : previous.name(), status,
                        restarts, cause, at)).replaceWithVoid();
    }

    private static Current current(Row r) {
        OffsetDateTime next = r.getOffsetDateTime("next_restart_at");
        return new Current(r.getUUID("channel_id"), r.getString("customer_id"), r.getString("status"),
                ChannelHealth.valueOf(r.getString("health")), r.getOffsetDateTime("since").toInstant(), r.getInteger("restarts"),
                next == null ? null : next.toInstant());
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
