package app.reseller.billing.service;

import app.reseller.platform.domain.IdempotencyKeyReused;
import app.reseller.platform.domain.InvalidValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Idempotency-Key for POSTs that move days. Must run inside the movement's transaction: the key is
 * inserted first, so a concurrent repeat waits on the key's unique index until the first attempt
 * commits, then replays its answer (or, if it rolled back, runs itself). Only successful answers
 * are kept: a refused request leaves no trace and can be retried with the same key once fixed.
 */
@ApplicationScoped
public class IdempotencyService {

    private final ObjectMapper json;

    public IdempotencyService(ObjectMapper json) {
        this.json = json;
    }

    /** Runs {@code action} once per (scope, key); every repeat gets the first answer's JSON. */
    public Uni<Answer> once(String scope, String key, Object request, int status, Supplier<Uni<?>> action) {
        if (key == null) {
            return action.get().map(body -> new Answer(status, toJson(body), false));
        }
        if (key.isBlank() || key.length() > 200) {
            throw new InvalidValue("Idempotency-Key", "invalid-idempotency-key", "Invalid Idempotency-Key",
                    "the Idempotency-Key header must have 1 to 200 characters");
        }
        String hash = hash(toJson(request));
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into idempotent_request (scope, key, request_hash) values (:scope, :key, :hash)
                        on conflict do nothing""")
                .setParameter("scope", scope).setParameter("key", key).setParameter("hash", hash).executeUpdate()
                .chain(inserted -> inserted == 1
                        ? action.get().chain(body -> {
                            String bodyJson = toJson(body);
                            return s.createNativeQuery("update idempotent_request set status = :status, body = :body where scope = :scope and key = :key")
                                    .setParameter("status", status).setParameter("body", bodyJson)
                                    .setParameter("scope", scope).setParameter("key", key).executeUpdate()
                                    .replaceWith(new Answer(status, bodyJson, false));
                        })
                        : s.createNativeQuery("select request_hash, status, body from idempotent_request where scope = :scope and key = :key", Object[].class)
                        .setParameter("scope", scope).setParameter("key", key).getSingleResult()
                        .map(row -> {
                            if (!hash.equals(row[0])) {
                                throw new IdempotencyKeyReused("this Idempotency-Key was used for a different request");
                            }
                            return new Answer(((Number) row[1]).intValue(), (String) row[2], true);
                        })));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An answer to send: status and JSON body; replayed = it is the stored first answer. */
    public record Answer(int status, String json, boolean replayed) {
    }
}
