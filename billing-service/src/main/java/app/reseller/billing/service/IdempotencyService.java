package app.reseller.billing.service;

import app.reseller.platform.domain.IdempotencyKeyReused;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import app.reseller.billing.repository.IdempotentRequestRepository;
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

    private final IdempotentRequestRepository requests;
    private final ObjectMapper json;

    public IdempotencyService(IdempotentRequestRepository requests, ObjectMapper json) {
        this.requests = requests;
        this.json = json;
    }

    /**
     * Runs {@code action} once per (scope, key); every repeat gets the first answer's JSON. The key
     * was checked at the edge ({@code @IdempotencyKey} on the header parameter).
     */
    public Uni<Answer> once(String scope, String key, Object request, int status, Supplier<Uni<?>> action) {
        if (key == null) {
            return action.get().map(body -> new Answer(status, toJson(body), false));
        }
        String hash = hash(toJson(request));
        return requests.claim(scope, key, hash).chain(first -> first
                ? action.get().chain(body -> {
                    String bodyJson = toJson(body);
                    return requests.remember(scope, key, status, bodyJson).replaceWith(new Answer(status, bodyJson, false));
                })
                : requests.stored(scope, key).map(stored -> {
                    if (!hash.equals(stored.requestHash())) {
                        throw new IdempotencyKeyReused("this Idempotency-Key was used for a different request");
                    }
                    return new Answer(stored.status(), stored.body(), true);
                }));
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
