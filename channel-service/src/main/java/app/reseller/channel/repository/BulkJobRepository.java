package app.reseller.channel.repository;

import app.reseller.channel.BulkAction;
import app.reseller.channel.BulkJob;
import app.reseller.channel.BulkJob.Item;
import app.reseller.channel.BulkJob.ItemState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * Bulk jobs and their items (V16__bulk_jobs.sql). Items are claimed with SKIP LOCKED under a lease;
 * every write of a claim's holder is a compare-and-set on its claim token, so a worker whose lease
 * was taken over changes nothing. A job is finished, once, by whoever finishes its last item under
 * the job row's lock (two items finishing at once would each still see the other RUNNING).
 */
@ApplicationScoped
public class BulkJobRepository {

    private static final String INSERT_JOB = """
            insert into bulk_job (id, action, customer_id, requested_by, idempotency_key, created_at, finished_at)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (requested_by, idempotency_key) do nothing
            returning id
            """;

    private static final String INSERT_ITEMS = """
            insert into bulk_job_item (job_id, channel_id, position)
            select $1, channel_id, position from unnest($2::uuid[]) with ordinality as target(channel_id, position)
            """;

    private static final String CLAIM = """
            update bulk_job_item i set state = 'RUNNING', claim_token = gen_random_uuid(), not_before = $1, attempts = i.attempts + 1
            from bulk_job j
            where j.id = i.job_id and (i.job_id, i.channel_id) in (
                select job_id, channel_id from bulk_job_item
                where (state = 'PENDING' and (not_before is null or not_before <= $2)) or (state = 'RUNNING' and not_before < $2)
                order by coalesce(not_before, '-infinity'::timestamptz), position
                limit $3
                for update skip locked)
            returning i.job_id, i.channel_id, i.claim_token, i.started_at, i.attempts, j.action
            """;

    /* The job is finished, once, by the transaction that closes its last open item (under the job row's lock). */
    private static final String FINISH_WHEN_NOTHING_OPEN = """
            update bulk_job set finished_at = $2 where id = $1 and finished_at is null
            and not exists (select 1 from bulk_job_item where job_id = $1 and state in ('PENDING', 'RUNNING'))""";

    private static final String FENCE = " where job_id = $1 and channel_id = $2 and claim_token = $3 and state = 'RUNNING'";

    /** A claim on one item: the token fences every write of its holder. */
    public record Claim(UUID jobId, UUID channelId, UUID token, Instant startedAt, int attempts, BulkAction action) {
    }

    private final Pool pool;

    public BulkJobRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the job and its items in one transaction (with {@code alsoWhenNew}: its trail entry); a job
     * with no channel is finished at once.
     * @return the new job's id, or the id of the job the same caller already created with this key
     */
    public Uni<UUID> insert(UUID id, BulkAction action, String customerId, String requestedBy, String idempotencyKey,
                            List<UUID> channelIds, Instant now, java.util.function.Function<SqlClient, Uni<Void>> alsoWhenNew) {
        return pool.withTransaction(tx -> tx.preparedQuery(INSERT_JOB)
                .execute(Tuple.tuple(Arrays.asList(id, action.name(), customerId, requestedBy, idempotencyKey, utc(now),
                        channelIds.isEmpty() ? utc(now) : null)))
                .chain(rows -> rows.size() == 0 ? existing(tx, requestedBy, idempotencyKey)
                        : tx.preparedQuery(INSERT_ITEMS).execute(Tuple.of(id, channelIds.toArray(UUID[]::new)))
                                .chain(() -> alsoWhenNew.apply(tx)).replaceWith(id)));
    }

    private static Uni<UUID> existing(SqlClient tx, String requestedBy, String idempotencyKey) {
        return tx.preparedQuery("select id from bulk_job where requested_by = $1 and idempotency_key = $2")
                .execute(Tuple.of(requestedBy, idempotencyKey)).map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** The job with every item in its order, or null. */
    public Uni<BulkJob> find(UUID id) {
        return pool.preparedQuery("select id, action, customer_id, requested_by, created_at, finished_at from bulk_job where id = $1")
                .execute(Tuple.of(id))
                .chain(jobs -> {
                    if (jobs.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row job = jobs.iterator().next();
                    return pool.preparedQuery("""
                                    select i.channel_id, c.name, i.state, i.attempts, i.outcome, i.detail, i.finished_at
                                    from bulk_job_item i left join channel c on c.id = i.channel_id
                                    where i.job_id = $1 order by i.position""")
                            .execute(Tuple.of(id))
                            .map(items -> new BulkJob(id, BulkAction.valueOf(job.getString("action")), job.getString("customer_id"),
                                    job.getString("requested_by"), instant(job, "created_at"), instant(job, "finished_at"),
                                    StreamSupport.stream(items.spliterator(), false).map(BulkJobRepository::item).toList()));
                });
    }

    /** Claims up to {@code limit} due items (pending, or running under a lapsed claim) until {@code until}. */
    public Uni<List<Claim>> claim(int limit, Instant until, Instant now) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(utc(until), utc(now), limit))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> new Claim(row.getUUID("job_id"),
                        row.getUUID("channel_id"), row.getUUID("claim_token"), instant(row, "started_at"), row.getInteger("attempts"),
                        BulkAction.valueOf(row.getString("action")))).toList());
    }

    /** Notes that the action may reach WHAPI from now on. @return false when the claim was lost */
    public Uni<Boolean> markStarted(Claim claim, Instant now) {
        return pool.preparedQuery("update bulk_job_item set started_at = coalesce(started_at, $4)" + FENCE)
                .execute(Tuple.of(claim.jobId(), claim.channelId(), claim.token(), utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The item is done or failed for good; the job is finished with its last item. */
    public Uni<Void> finish(Claim claim, ItemState state, String outcome, String detail, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery("select id from bulk_job where id = $1 for update")
                .execute(Tuple.of(claim.jobId()))
                .chain(() -> tx.preparedQuery("update bulk_job_item set state = $4, outcome = $5, detail = $6, finished_at = $7, "
                                + "claim_token = null, not_before = null" + FENCE)
                        .execute(Tuple.tuple(Arrays.asList(claim.jobId(), claim.channelId(), claim.token(), state.name(), outcome,
                                detail, utc(now)))))
                .chain(() -> tx.preparedQuery(FINISH_WHEN_NOTHING_OPEN)
                        .execute(Tuple.of(claim.jobId(), utc(now))))
                .replaceWithVoid());
    }

    /** A temporary refusal: the item waits until {@code notBefore} and is claimed again. */
    public Uni<Void> retryLater(Claim claim, Instant notBefore, String detail) {
        return pool.preparedQuery("update bulk_job_item set state = 'PENDING', claim_token = null, not_before = $4, detail = $5" + FENCE)
                .execute(Tuple.of(claim.jobId(), claim.channelId(), claim.token(), utc(notBefore), detail))
                .replaceWithVoid();
    }

    /** The latest job {@code requestedBy} started with {@code action} over the customer's channels, or null. */
    public Uni<UUID> latestJob(String customerId, String requestedBy, BulkAction action) {
        return pool.preparedQuery("""
                        select id from bulk_job where customer_id = $1 and requested_by = $2 and action = $3
                        order by created_at desc, id limit 1""")
                .execute(Tuple.of(customerId, requestedBy, action.name()))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
    }

    /**
     * Stops a job: its items nobody has claimed yet fail as cancelled (a running one finishes); the job
     * is finished once nothing of it is open. @return the channels it did, or is doing, with {@code outcome}
     */
    public Uni<List<UUID>> cancel(UUID jobId, String outcome, String why, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery("select id from bulk_job where id = $1 for update").execute(Tuple.of(jobId))
                .chain(() -> tx.preparedQuery("""
                                update bulk_job_item set state = 'FAILED', outcome = 'cancelled', detail = $2, finished_at = $3,
                                    not_before = null where job_id = $1 and state = 'PENDING'""")
                        .execute(Tuple.of(jobId, why, utc(now))))
                .chain(() -> tx.preparedQuery(FINISH_WHEN_NOTHING_OPEN)
                        .execute(Tuple.of(jobId, utc(now))))
                .chain(() -> tx.preparedQuery("""
                                select channel_id from bulk_job_item where job_id = $1 and (outcome = $2 or state = 'RUNNING')
                                order by position""")
                        .execute(Tuple.of(jobId, outcome)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getUUID("channel_id")).toList()));
    }

    private static Item item(Row row) {
        return new Item(row.getUUID("channel_id"), row.getString("name"), ItemState.valueOf(row.getString("state")), row.getInteger("attempts"),
                row.getString("outcome"), row.getString("detail"), instant(row, "finished_at"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
