package app.reseller.billing.repository;

import app.reseller.billing.ApiKey;
import app.reseller.platform.events.activity.SameTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * API keys, on the reactive pool directly: each operation is one statement, and resolving a key is
 * on the path of every API-key call (the gateway asks at most a few times a second per key).
 */
@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS = "id, customer_id, name, prefix, scopes, channel_ids, expires_at, created_at, last_used_at, revoked_at, revoked_by";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts the key unless its customer already holds {@code max} usable ones (then null): counted
     * and inserted under a lock of the customer's keys, so two creations at the limit cannot both pass.
     */
    public Uni<ApiKey> insertWithin(ApiKey key, byte[] secretHash, int max, Instant now, SameTransaction<ApiKey> then) {
        return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 7))")
                .execute(Tuple.of("api-keys:" + key.customerId()))
                .chain(() -> tx.preparedQuery("select count(*) from api_key where customer_id = $1 and revoked_at is null"
                        + " and (expires_at is null or expires_at > $2)").execute(Tuple.of(key.customerId(), utc(now))))
                .chain(rows -> rows.iterator().next().getLong(0) >= max ? Uni.createFrom().<ApiKey>nullItem()
                        : insert(tx, key, secretHash).call(stored -> then.write(tx, null, stored))));
    }


    private static Uni<ApiKey> insert(io.vertx.mutiny.sqlclient.SqlClient client, ApiKey key, byte[] secretHash) {
        return client.preparedQuery("insert into api_key (" + COLUMNS + ", secret_hash) values ($1, $2, $3, $4, $5, $6, $7, $8, null, null, null, $9)"
                        + " returning " + COLUMNS)
                .execute(Tuple.tuple(Arrays.<Object>asList(key.id(), key.customerId(), key.name(), key.prefix(), key.scopes().toArray(String[]::new),
                        key.channelIds() == null ? null : key.channelIds().toArray(UUID[]::new), utc(key.expiresAt()),
                        utc(key.createdAt()), io.vertx.core.buffer.Buffer.buffer(secretHash))))
                .map(rows -> of(rows.iterator().next()));
    }

    /** One customer's keys (revoked ones too, for the record), newest first; every customer's when {@code customerId} is null. */
    public Uni<List<ApiKey>> list(String customerId, int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from api_key where ($1::text is null or customer_id = $1)"
                        + " order by created_at desc, id limit $2")
                .execute(Tuple.of(customerId, limit))
                .map(rows -> rows.stream().map(ApiKeyRepository::of).toList());
    }

    public Uni<ApiKey> find(UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from api_key where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    /**
     * Revokes once: a second revocation keeps the first one's time and author, and writes nothing
     * else ({@code then} runs only for the revocation that changed the key). Null for an unknown key.
     */
    public Uni<ApiKey> revoke(UUID id, String by, Instant now, SameTransaction<ApiKey> then) {
        return pool.withTransaction(tx -> tx.preparedQuery("select " + COLUMNS + " from api_key where id = $1 for update")
                .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()))
                .chain(before -> before == null || before.revokedAt() != null ? Uni.createFrom().item(before)
                        : tx.preparedQuery("update api_key set revoked_at = $2, revoked_by = $3 where id = $1 returning " + COLUMNS)
                        .execute(Tuple.of(id, utc(now), by)).map(rows -> of(rows.iterator().next()))
                        .call(after -> then.write(tx, before, after))));
    }

    /**
     * The usable key with this hash, or null, noting its use: last_used_at moves at most every
     * {@code touchEvery} (a key used all day long is one write per interval, not per call).
     */
    public Uni<ApiKey> resolve(byte[] secretHash, Instant now, java.time.Duration touchEvery) {
        return pool.preparedQuery("""
                        with found as (
                            select id from api_key where secret_hash = $1 and revoked_at is null
                                and (expires_at is null or expires_at > $2)),
                        touched as (
                            update api_key k set last_used_at = $2 from found
                            where k.id = found.id and (k.last_used_at is null or k.last_used_at < $3)
                            returning k.id)
                        select %s from api_key where id = (select id from found)""".formatted(COLUMNS))
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(secretHash), utc(now), utc(now.minus(touchEvery))))
                .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
    }

    private static ApiKey of(Row row) {
        UUID[] channels = row.getArrayOfUUIDs("channel_ids");
        return new ApiKey(row.getUUID("id"), row.getString("customer_id"), row.getString("name"), row.getString("prefix"),
                Arrays.asList(row.getArrayOfStrings("scopes")), channels == null ? null : Arrays.asList(channels),
                instant(row.getOffsetDateTime("expires_at")), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("last_used_at")), instant(row.getOffsetDateTime("revoked_at")), row.getString("revoked_by"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
