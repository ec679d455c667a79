package app.reseller.gateway.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Bearer tokens this gateway has already verified, with the identity they carry. A token is
 * immutable and signed, so the same string verifies the same way until it expires: checking its
 * RSA signature and parsing its claims again on every request was a third of the gateway's CPU
 * (profiled under load, docs/benchmarks.md). The service the request goes to still verifies it.
 *
 * <p>An entry lives until the token's own expiry, and never longer than {@link #AT_MOST} (a token
 * without expiry is not kept at all). The key is the whole token string, so only the exact signed
 * token hits. Memory is bounded ({@link #MAX_TOKENS}, least recently used out first).
 */
@Singleton
public class VerifiedTokens {

    static final long MAX_TOKENS = 20_000;
    static final Duration AT_MOST = Duration.ofMinutes(5);

    private final Clock clock;
    private final Cache<String, Verified> tokens;

    public VerifiedTokens(Clock clock) {
        this.clock = clock;
        this.tokens = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfter(new UntilTokenExpiry(clock))
                .executor(Runnable::run).build(); // upkeep on the calling loop, as in RateLimiter
    }

    /** The identity of a bearer token verified before and not expired yet, or null. */
    public SecurityIdentity find(String token) {
        Verified verified = tokens.getIfPresent(token);
        return verified == null || !clock.instant().isBefore(verified.expires()) ? null : verified.identity();
    }

    /** Keeps a freshly verified identity for its bearer token (nothing happens for one without expiry). */
    public void remember(String token, SecurityIdentity identity) {
        // the claim itself: getExpirationTime() throws on a token without one
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("exp") instanceof Number exp) {
            Instant expires = Instant.ofEpochSecond(exp.longValue());
            if (clock.instant().isBefore(expires)) {
                tokens.put(token, new Verified(identity, expires));
            }
        }
    }

    /** The bearer token of an Authorization header, or null. */
    public static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && authorization.length() > 7
                ? authorization.substring(7).trim() : null;
    }

    private record Verified(SecurityIdentity identity, Instant expires) {
    }

    private record UntilTokenExpiry(Clock clock) implements Expiry<String, Verified> {
        @Override
        public long expireAfterCreate(String token, Verified verified, long now) {
            Duration left = Duration.between(clock.instant(), verified.expires());
            return Math.max(0, (left.compareTo(AT_MOST) < 0 ? left : AT_MOST).toNanos());
        }

        @Override
        public long expireAfterUpdate(String token, Verified verified, long now, long current) {
            return expireAfterCreate(token, verified, now);
        }

        @Override
        public long expireAfterRead(String token, Verified verified, long now, long current) {
            return current;
        }
    }
}
