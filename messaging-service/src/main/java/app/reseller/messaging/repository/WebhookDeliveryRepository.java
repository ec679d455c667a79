package app.reseller.messaging.repository;

import app.reseller.messaging.WebhookDelivery;
import app.reseller.platform.events.activity.SameTransaction;
import app.reseller.messaging.WebhookDelivery.Attempt;
import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.contract.MessagingEvents.WebhookEndpointDisabled;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static app.reseller.messaging.repository.WebhookEndpointRepository.instant;
import static app.reseller.messaging.repository.WebhookEndpointRepository.utc;

/** Deliveries of events to endpoints, their claims by the dispatcher, and the attempt log. */
@ApplicationScoped
public class WebhookDeliveryRepository {

    private static final String COLUMNS = "d.id, d.endpoint_id, d.event_id, d.event_type, d.ordering_key, d.status, d.attempts, d.event_at,"
            + " d.created_at, d.next_attempt_at, d.delivered_at, d.last_status, d.last_error";

    /*
     * Every endpoint of the customer that wants the type gets the event once: (endpoint, event) is
     * unique, so a redelivered or replayed event adds nothing. A disabled endpoint's copy is kept
     * as SKIPPED (visible, replayable), never sent by itself.
     */
    private static final String FAN_OUT = """
            insert into webhook_delivery (id, endpoint_id, event_id, event_type, ordering_key, payload, event_at, created_at, queued_at,
                                          status, next_attempt_at)
            select gen_random_uuid(), e.id, :event, :type, :key, :payload, :eventAt, :now, :now,
                   case when e.enabled then 'PENDING' else 'SKIPPED' end, case when e.enabled then cast(:now as timestamptz) end
            from webhook_endpoint e where e.customer_id = :customer and :type = any(e.event_types)
            on conflict (endpoint_id, event_id) do nothing
            """;

    /*
     * The due deliveries at the head of their queue: for one endpoint and one queue (ordering_key:
     * WebhookEventType.queue) only the oldest pending delivery may go (a later one waits, even while
     * the head is in flight or backing off), so the endpoint sees the queue's events in order. SKIP LOCKED lets replicas
     * claim side by side; the lease (leased_until) keeps a claimed delivery from being claimed
     * again until it expires, and the token fences a worker whose lease was taken over.
     */
    private static final String DUE_HEADS = """
            from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id and e.enabled
            where d.status = 'PENDING' and d.next_attempt_at <= $1 and (d.leased_until is null or d.leased_until < $1)
              and not exists (select 1 from webhook_delivery p where p.endpoint_id = d.endpoint_id
                              and p.ordering_key = d.ordering_key and p.status = 'PENDING' and p.seq < d.seq)
            """;

    /*
     * A queue table's statistics are always behind (a burst queues thousands between two analyses), and on them the
     * planner took a bitmap scan of every pending delivery and a sort, for 64 heads: the claim walked the whole backlog,
     * and the larger it was the slower each round. Without bitmap scans and sorts it walks webhook_delivery_due_in_order
     * and stops after a round (as the outbox relay's claim does, OutboxRelay.PLAN_THE_CLAIM_IN_ORDER).
     */
    static final String PLAN_THE_CLAIM_IN_ORDER = "select set_config('enable_bitmapscan', 'off', true), "
            + "set_config('enable_sort', 'off', true), set_config('enable_incremental_sort', 'off', true)";

    static final String CLAIM = """
            with due as (
                select d.id\s""" + DUE_HEADS + """
                order by d.next_attempt_at, d.seq limit $4
                for update of d skip locked)
            update webhook_delivery d set leased_until = $2, lease_token = $3, attempts = d.attempts + 1
            from due, webhook_endpoint e where d.id = due.id and e.id = d.endpoint_id
            returning d.id, d.event_id, d.payload, d.attempts, d.queued_at, e.id as endpoint_id, e.customer_id, e.url, e.secret,
                      case when e.previous_secret_until > $1 then e.previous_secret end as previous_secret
            """;

    /**
     * When the delivery that has waited longest for a dispatcher became due: a head of its queue, due, not in flight
     * (what the next claim would take first); none when every due delivery is claimed. Not locked, not counted: the
     * claim's own walk, one row.
     */
    private static final String OLDEST_DUE = "select d.next_attempt_at " + DUE_HEADS + " order by d.next_attempt_at limit 1";

    /** A claimed delivery with what its attempt needs: the body, the URL and the sealed secrets that sign. */
    public record Claimed(UUID id, UUID eventId, String payload, int attempt, Instant queuedAt, UUID endpointId, String customerId,
                          String url, byte[] secret, byte[] previousSecret) {
    }

    /** An attempt's outcome: the delivery's next state and the attempt's log entry. */
    public record Outcome(String status, Instant nextAttemptAt, Instant deliveredAt, Attempt attempt) {
    }

    /** What became of the endpoint after a failed attempt. */
    public record EndpointState(String customerId, String url, boolean enabled, Instant failingSince) {
    }

    private final Pool pool;
    private final Outbox outbox;

    public WebhookDeliveryRepository(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /** Inside the consumer's transaction (Hibernate Reactive session): commits with the event's processed mark. */
    public Uni<Integer> fanOut(String customerId, UUID eventId, String platformType, String publicType, String orderingKey,
                               String payload, Instant eventAt, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(FAN_OUT)
                .setParameter("event", eventId).setParameter("type", publicType).setParameter("key", orderingKey)
                .setParameter("payload", payload).setParameter("eventAt", eventAt).setParameter("now", now)
                .setParameter("customer", customerId)
                .executeUpdate());
    }

    public Uni<List<Claimed>> claim(Instant now, Instant leasedUntil, UUID token, int batch) {
        return pool.withTransaction(tx -> tx.query(PLAN_THE_CLAIM_IN_ORDER).execute()
                        .chain(() -> tx.preparedQuery(CLAIM).execute(Tuple.of(utc(now), utc(leasedUntil), token, batch))))
                .map(rows -> rows.stream().map(r -> new Claimed(r.getUUID("id"), r.getUUID("event_id"), r.getString("payload"),
                        r.getInteger("attempts"), instant(r, "queued_at"), r.getUUID("endpoint_id"), r.getString("customer_id"),
                        r.getString("url"), bytes(r, "secret"), bytes(r, "previous_secret"))).toList());
    }

    /** When the longest-waiting due delivery became due (see OLDEST_DUE); empty when none waits. */
    public Uni<Optional<Instant>> oldestDue(Instant now) {
        return oldestDue(pool, now);
    }

    /** As {@link #oldestDue(Instant)}, on the given client (a transaction's: what it sees). */
    public Uni<Optional<Instant>> oldestDue(SqlClient client, Instant now) {
        return client.preparedQuery(OLDEST_DUE).execute(Tuple.of(utc(now)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(instant(rows.iterator().next(), "next_attempt_at")));
    }

    /*
     * A group of attempts' outcomes in two statements (the dispatcher records concurrent attempts together, one
     * transaction and one commit for the group). Every attempt is logged; a delivery moves on only if the claim the
     * attempt was made under still holds (its token), so a taken-over claim's outcome changes nothing but the log.
     */
    private static final String LOG_ATTEMPTS = """
            insert into webhook_attempt (delivery_id, attempt, started_at, status_code, latency_ms, response_excerpt, error, next_attempt_at)
            select * from unnest($1::uuid[], $2::int4[], $3::timestamptz[], $4::int4[], $5::int4[], $6::text[], $7::text[],
                                 $8::timestamptz[])
            on conflict do nothing
            """;

    private static final String MOVE_ON = """
            update webhook_delivery d set status = o.status, next_attempt_at = o.next_attempt_at, delivered_at = o.delivered_at,
                last_status = o.last_status, last_error = o.last_error, leased_until = null, lease_token = null
            from unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int4[], $7::text[], $8::int4[])
                 as o(id, token, status, next_attempt_at, delivered_at, last_status, last_error, i)
            where d.id = o.id and d.lease_token = o.token
            returning o.i
            """;

    /** An attempt's outcome, to be stored for the delivery it was claimed as, under that claim's token. */
    public record Recording(Claimed claimed, UUID token, Outcome outcome) {
    }

    /**
     * Logs the attempt and moves the delivery on, if this worker's claim still holds (a taken-over
     * claim's outcome changes nothing but the log). True when the outcome was applied.
     */
    public Uni<Boolean> record(SqlClient tx, Claimed claimed, UUID token, Outcome outcome) {
        return recordAll(tx, List.of(new Recording(claimed, token, outcome))).map(applied -> applied.get(0));
    }

    /** {@link #record} for many attempts in two statements; whether each one's outcome was applied, in their order. */
    public Uni<List<Boolean>> recordAll(SqlClient tx, List<Recording> recordings) {
        int n = recordings.size();
        UUID[] ids = new UUID[n];
        UUID[] tokens = new UUID[n];
        Integer[] attempts = new Integer[n];
        OffsetDateTime[] started = new OffsetDateTime[n];
        Integer[] statusCodes = new Integer[n];
        Integer[] latencies = new Integer[n];
        String[] excerpts = new String[n];
        String[] errors = new String[n];
        OffsetDateTime[] nextAttempts = new OffsetDateTime[n];
        String[] statuses = new String[n];
        OffsetDateTime[] delivered = new OffsetDateTime[n];
        Integer[] index = new Integer[n];
        for (int i = 0; i < n; i++) {
            Recording r = recordings.get(i);
            Attempt a = r.outcome().attempt();
            ids[i] = r.claimed().id();
            tokens[i] = r.token();
            attempts[i] = a.attempt();
            started[i] = utc(a.startedAt());
            statusCodes[i] = a.statusCode();
            latencies[i] = a.latencyMs();
            excerpts[i] = a.responseExcerpt();
            errors[i] = a.error();
            nextAttempts[i] = utc(r.outcome().nextAttemptAt());
            statuses[i] = r.outcome().status();
            delivered[i] = utc(r.outcome().deliveredAt());
            index[i] = i;
        }
        return tx.preparedQuery(LOG_ATTEMPTS).execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfInteger(attempts)
                        .addArrayOfOffsetDateTime(started).addArrayOfInteger(statusCodes).addArrayOfInteger(latencies)
                        .addArrayOfString(excerpts).addArrayOfString(errors).addArrayOfOffsetDateTime(nextAttempts))
                .chain(() -> tx.preparedQuery(MOVE_ON).execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfUUID(tokens)
                        .addArrayOfString(statuses).addArrayOfOffsetDateTime(nextAttempts).addArrayOfOffsetDateTime(delivered)
                        .addArrayOfInteger(statusCodes).addArrayOfString(errors).addArrayOfInteger(index)))
                .map(rows -> {
                    Boolean[] applied = new Boolean[n];
                    Arrays.fill(applied, false);
                    rows.forEach(row -> applied[row.getInteger("i")] = true);
                    return List.of(applied);
                });
    }

    public Pool pool() {
        return pool;
    }

    public Uni<Void> endpointSucceeded(SqlClient tx, UUID endpointId) {
        return tx.preparedQuery("update webhook_endpoint set failing_since = null where id = $1 and failing_since is not null")
                .execute(Tuple.of(endpointId)).replaceWithVoid();
    }

    /** Starts (or continues) the endpoint's failing streak, under its row lock; what it is now. */
    public Uni<EndpointState> endpointFailed(SqlClient tx, UUID endpointId, Instant now) {
        return tx.preparedQuery("update webhook_endpoint set failing_since = coalesce(failing_since, $2) where id = $1"
                        + " returning customer_id, url, enabled, failing_since")
                .execute(Tuple.of(endpointId, utc(now)))
                .map(rows -> rows.size() == 0 ? null : state(rows.iterator().next()));
    }

    /** Disables the endpoint and writes the event its owner is notified by; false when it was disabled already. */
    public Uni<Boolean> disable(SqlClient tx, UUID endpointId, String reason, Instant now, WebhookEndpointDisabled event) {
        return tx.preparedQuery("update webhook_endpoint set enabled = false, disabled_reason = $2, updated_at = $3"
                        + " where id = $1 and enabled").execute(Tuple.of(endpointId, reason, utc(now)))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : outbox.appendWithin(tx, event).replaceWith(true));
    }

    // ---- the delivery log ----

    public Uni<List<WebhookDelivery>> list(UUID endpointId, String status, Instant from, Instant until, int page, int size) {
        return pool.preparedQuery("select " + COLUMNS + " from webhook_delivery d where d.endpoint_id = $1"
                        + " and ($2::text is null or d.status = $2) and ($3::timestamptz is null or d.created_at >= $3)"
                        + " and ($4::timestamptz is null or d.created_at < $4) order by d.seq desc limit $5 offset $6")
                .execute(Tuple.tuple(Arrays.<Object>asList(endpointId, status, utc(from), utc(until), size, (long) page * size)))
                .map(rows -> rows.stream().map(WebhookDeliveryRepository::of).toList());
    }

    public Uni<WebhookDelivery> find(UUID endpointId, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from webhook_delivery d where d.endpoint_id = $1 and d.id = $2")
                .execute(Tuple.of(endpointId, id))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    public Uni<List<Attempt>> attempts(UUID deliveryId) {
        return pool.preparedQuery("select attempt, started_at, status_code, latency_ms, response_excerpt, error, next_attempt_at"
                        + " from webhook_attempt where delivery_id = $1 order by attempt").execute(Tuple.of(deliveryId))
                .map(rows -> rows.stream().map(r -> new Attempt(r.getInteger("attempt"), instant(r, "started_at"),
                        r.getInteger("status_code"), r.getInteger("latency_ms"), r.getString("response_excerpt"), r.getString("error"),
                        instant(r, "next_attempt_at"))).toList());
    }

    /**
     * Sends the deliveries again (same webhook-id, same body): one, or every one of the endpoint's
     * created in [from, until). A pending one just becomes due now. How many were queued.
     * A delivery in flight keeps its claim until the claim expires (no second send while the
     * first is under way), but loses its token: that attempt's outcome is logged and changes
     * nothing, so a redelivery asked for during an attempt is never swallowed by it.
     */
    /** @param then what else the transaction writes (the activity entry), given how many deliveries were queued again */
    public Uni<Integer> requeue(UUID endpointId, UUID deliveryId, Instant from, Instant until, Instant now, SameTransaction<Integer> then) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        update webhook_delivery set status = 'PENDING', next_attempt_at = $5, queued_at = $5, delivered_at = null,
                            lease_token = null
                        where endpoint_id = $1 and ($2::uuid is null or id = $2)
                          and ($3::timestamptz is null or created_at >= $3) and ($4::timestamptz is null or created_at < $4)""")
                .execute(Tuple.tuple(Arrays.<Object>asList(endpointId, deliveryId, utc(from), utc(until), utc(now))))
                .map(rows -> rows.rowCount())
                .call(count -> then.write(tx, null, count)));
    }

    private static WebhookDelivery of(Row r) {
        return new WebhookDelivery(r.getUUID("id"), r.getUUID("endpoint_id"), r.getUUID("event_id"), r.getString("event_type"),
                r.getString("ordering_key"), r.getString("status"), r.getInteger("attempts"), instant(r, "event_at"),
                instant(r, "created_at"), instant(r, "next_attempt_at"), instant(r, "delivered_at"), r.getInteger("last_status"),
                r.getString("last_error"));
    }

    private static EndpointState state(Row r) {
        return new EndpointState(r.getString("customer_id"), r.getString("url"), r.getBoolean("enabled"), instant(r, "failing_since"));
    }

    private static byte[] bytes(Row r, String column) {
        var buffer = r.getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }
}
