package app.reseller.billing.repository;

import static app.reseller.platform.events.Columns.text;
import static app.reseller.platform.events.Columns.wholeOrNull;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

/** The Idempotency-Keys of day-moving POSTs and the answers they got. Runs in the caller's transaction. */
@ApplicationScoped
public class IdempotentRequestRepository {

    /** The first answer given under a key, and the hash of the request it answered. */
    public record StoredAnswer(String requestHash, Integer status, String body) {
    }

    /**
     * Inserts the key; false when it exists already. A concurrent first use of the same key waits
     * here on the unique index until the other transaction ends.
     */
    public Uni<Boolean> claim(String scope, String key, String requestHash) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into idempotent_request (scope, key, request_hash) values (:scope, :key, :hash)
                        on conflict do nothing""")
                .setParameter("scope", scope).setParameter("key", key).setParameter("hash", requestHash).executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<Void> remember(String scope, String key, int status, String body) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update idempotent_request set status = :status, body = :body where scope = :scope and key = :key")
                .setParameter("status", status).setParameter("body", body)
                .setParameter("scope", scope).setParameter("key", key).executeUpdate()).replaceWithVoid();
    }

    public Uni<StoredAnswer> stored(String scope, String key) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select request_hash, status, body from idempotent_request where scope = :scope and key = :key", Tuple.class)
                .setParameter("scope", scope).setParameter("key", key).getSingleResult()
                .map(row -> new StoredAnswer(text(row, "request_hash"), wholeOrNull(row, "status"), text(row, "body"))));
    }
}
