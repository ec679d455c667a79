package app.reseller.messaging.repository;

import app.reseller.messaging.WebhookEndpoint;
import app.reseller.platform.events.activity.SameTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The customers' webhook endpoints, on the reactive pool; the secrets stay sealed here. */
@ApplicationScoped
public class WebhookEndpointRepository {

    private static final String COLUMNS = "id, customer_id, url, description, event_types, enabled, disabled_reason, failing_since,"
            + " previous_secret_until, created_at, updated_at";

    /** What a registration changes; null fields stay as they are. */
    public record Changes(String url, String description, List<String> eventTypes, Boolean enabled) {
    }

    private final Pool pool;

    public WebhookEndpointRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts the endpoint if the customer has fewer than {@code limit}: counted and inserted under
     * a lock of the customer's endpoints, so two registrations at the limit cannot both pass.
     * Null when the limit is reached.
     */
    public Uni<WebhookEndpoint> insertWithin(WebhookEndpoint e, byte[] sealedSecret, int limit, SameTransaction<WebhookEndpoint> then) {
        return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of("webhook-endpoints:" + e.customerId()))
                .chain(() -> tx.preparedQuery("select count(*) from webhook_endpoint where customer_id = $1").execute(Tuple.of(e.customerId())))
                .chain(count -> count.iterator().next().getLong(0) >= limit ? Uni.createFrom().nullItem()
                        : tx.preparedQuery("insert into webhook_endpoint (id, customer_id, url, description, event_types, enabled,"
                                        + " disabled_reason, secret, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
                                        + " returning " + COLUMNS)
                                .execute(Tuple.tuple(Arrays.<Object>asList(e.id(), e.customerId(), e.url(), e.description(),
                                        e.eventTypes().toArray(String[]::new), e.enabled(), e.disabledReason(),
                                        io.vertx.core.buffer.Buffer.buffer(sealedSecret), utc(e.createdAt()))))
                                .map(WebhookEndpointRepository::one)
                                .call(stored -> then.write(tx, null, stored))));
    }

    public Uni<WebhookEndpoint> find(UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from webhook_endpoint where id = $1").execute(Tuple.of(id))
                .map(WebhookEndpointRepository::one);
    }

    /** A customer's endpoints, or everyone's (customerId null: an admin's view). */
    public Uni<List<WebhookEndpoint>> list(String customerId) {
        return pool.preparedQuery("select " + COLUMNS + " from webhook_endpoint where $1::text is null or customer_id = $1"
                        + " order by created_at, id").execute(Tuple.of(customerId))
                .map(rows -> rows.stream().map(WebhookEndpointRepository::of).toList());
    }

    /** Enabling again clears why it was disabled and forgets the failing streak; disabling says it was the owner. */
    public Uni<WebhookEndpoint> update(UUID id, Changes c, Instant now, SameTransaction<WebhookEndpoint> then) {
        return pool.withTransaction(tx -> lock(tx, id).chain(before -> before == null ? Uni.createFrom().<WebhookEndpoint>nullItem()
                : tx.preparedQuery("""
                        update webhook_endpoint set url = coalesce($2, url), description = coalesce($3, description),
                            event_types = coalesce($4, event_types),
                            enabled = coalesce($5, enabled),
                            disabled_reason = case when $5 is null then disabled_reason when $5 then null else 'disabled by its owner' end,
                            failing_since = case when $5 then null else failing_since end,
                            updated_at = $6
                        where id = $1 returning %s""".formatted(COLUMNS))
                .execute(Tuple.tuple(Arrays.<Object>asList(id, c.url(), c.description(),
                        c.eventTypes() == null ? null : c.eventTypes().toArray(String[]::new), c.enabled(), utc(now))))
                .map(WebhookEndpointRepository::one)
                .call(after -> then.write(tx, before, after))));
    }

    public Uni<Boolean> delete(UUID id, SameTransaction<WebhookEndpoint> then) {
        return pool.withTransaction(tx -> tx.preparedQuery("delete from webhook_endpoint where id = $1 returning " + COLUMNS)
                .execute(Tuple.of(id)).map(WebhookEndpointRepository::one)
                .call(gone -> gone == null ? Uni.createFrom().voidItem() : then.write(tx, gone, null))
                .map(gone -> gone != null));
    }

    /** The endpoint, locked until the transaction ends: its state before a change, for the change's entry. */
    private static Uni<WebhookEndpoint> lock(io.vertx.mutiny.sqlclient.SqlClient tx, UUID id) {
        return tx.preparedQuery("select " + COLUMNS + " from webhook_endpoint where id = $1 for update").execute(Tuple.of(id))
                .map(WebhookEndpointRepository::one);
    }

    /** The new secret signs from now on; the one it replaces signs too until {@code graceUntil}. */
    public Uni<WebhookEndpoint> rotate(UUID id, byte[] sealedSecret, Instant graceUntil, Instant now, SameTransaction<WebhookEndpoint> then) {
        return pool.withTransaction(tx -> lock(tx, id).chain(before -> before == null ? Uni.createFrom().<WebhookEndpoint>nullItem()
                : tx.preparedQuery("""
                        update webhook_endpoint set previous_secret = case when $3::timestamptz > $4 then secret end,
                            previous_secret_until = case when $3::timestamptz > $4 then $3::timestamptz end,
                            secret = $2, updated_at = $4
                        where id = $1 returning %s""".formatted(COLUMNS))
                .execute(Tuple.of(id, io.vertx.core.buffer.Buffer.buffer(sealedSecret), utc(graceUntil), utc(now)))
                .map(WebhookEndpointRepository::one)
                .call(after -> then.write(tx, before, after))));
    }

    private static WebhookEndpoint one(RowSet<Row> rows) {
        return rows.size() == 0 ? null : of(rows.iterator().next());
    }

    private static WebhookEndpoint of(Row r) {
        return new WebhookEndpoint(r.getUUID("id"), r.getString("customer_id"), r.getString("url"), r.getString("description"),
                List.of(r.getArrayOfStrings("event_types")), r.getBoolean("enabled"), r.getString("disabled_reason"),
                instant(r, "failing_since"), instant(r, "previous_secret_until"), instant(r, "created_at"), instant(r, "updated_at"));
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime at = r.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
