package app.reseller.gateway.routing;

import app.reseller.gateway.client.ResolvedApiKey;
import app.reseller.gateway.client.Services;
import app.reseller.gateway.config.GatewayConfig;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * API keys presented to the gateway ({@code Authorization: Bearer rk_…} or {@code X-Api-Key}),
 * resolved by billing-service from their SHA-256 (the key itself goes nowhere) and believed for
 * {@code gateway.api-keys.cache-for}: so a revoked key is refused by every replica within that time
 * and one resolution, while a busy key costs billing-service a few lookups a second per replica.
 * Concurrent calls with one key share one lookup; a failed lookup is not kept.
 */
@Singleton
public class ApiKeys {

    static final String KEY_PREFIX = "rk_";
    static final String HEADER = "X-Api-Key";

    /** A usable key: who it acts for, what it may do, and the identity the services accept for it. */
    public record Key(String keyId, String customerId, Set<String> scopes, Set<String> channelIds, Instant expiresAt, String identity) {
    }

    private final Services services;
    private final IdentitySigner signer;
    private final Clock clock;
    private final AsyncCache<String, Optional<Key>> resolved;

    public ApiKeys(Services services, IdentitySigner signer, GatewayConfig config, Clock clock) {
        this.services = services;
        this.signer = signer;
        this.clock = clock;
        this.resolved = Caffeine.newBuilder().expireAfterWrite(config.apiKeys().cacheFor()).maximumSize(50_000)
                .executor(Runnable::run).buildAsync();
    }

    /** The API key a request presents, or null when it presents none (a bearer JWT, or nothing). */
    static String presented(HttpServerRequest request) {
        String header = request.getHeader(HEADER);
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String bearer = VerifiedTokens.bearer(request.getHeader("Authorization"));
        return bearer != null && bearer.startsWith(KEY_PREFIX) ? bearer : null;
    }

    boolean enabled() {
        return signer.configured();
    }

    /** The usable key, or empty for an unknown, revoked or expired one; fails when billing-service cannot answer. */
    CompletableFuture<Optional<Key>> resolve(String secret) {
        return resolved.get(sha256(secret), (hash, executor) -> services.resolveApiKey(signer.itself(), hash)
                        .map(answer -> Optional.ofNullable(answer).map(this::key)).subscribeAsCompletionStage())
                .thenApply(key -> key.filter(k -> k.expiresAt() == null || clock.instant().isBefore(k.expiresAt())));
    }

    private Key key(ResolvedApiKey answer) {
        Set<String> channels = answer.channelIds() == null ? null : Set.copyOf(answer.channelIds());
        Key unsigned = new Key(answer.keyId(), answer.customerId(), Set.copyOf(answer.scopes()), channels, answer.expiresAt(), null);
        return new Key(unsigned.keyId(), unsigned.customerId(), unsigned.scopes(), channels, unsigned.expiresAt(), signer.forKey(unsigned));
    }

    static String sha256(String secret) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
