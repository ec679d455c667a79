package app.reseller.gateway.routing;

import app.reseller.gateway.config.GatewayConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets per caller (user id, client IP, or a provider's webhook source), per gateway
 * replica: Bucket4j's buckets (a burst, refilled greedily at a steady rate), so a refused call
 * learns how long to wait (Retry-After). Kept in memory on purpose: the limits protect the
 * services from one noisy caller, they are not billing.
 *
 * <p>Memory is bounded: the buckets live in a Caffeine map of at most {@code maxTracked} keys
 * (eviction by Caffeine's window TinyLFU: recency and frequency, so a flood of one-time callers
 * evicts other one-time callers, never the active ones) and an idle bucket leaves after
 * {@link #IDLE}, when it would be full again anyway. There is never a global clear.
 */
@Singleton
public class RateLimiter {

    static final long MAX_TRACKED = 100_000;
    /** A bucket idle this long is full again: forgetting it changes nothing. */
    private static final Duration IDLE = Duration.ofMinutes(10);

    private final boolean enabled;
    private final int burst;
    private final Cache<String, Bucket> buckets;

    @Inject
    public RateLimiter(GatewayConfig config) {
        this(config.rateLimit().enabled(), config.rateLimit().burst(), MAX_TRACKED);
    }

    RateLimiter(boolean enabled, int burst, long maxTracked) {
        this.enabled = enabled;
        this.burst = burst;
        this.buckets = Caffeine.newBuilder().maximumSize(maxTracked).expireAfterAccess(IDLE)
                .executor(Runnable::run).build(); // upkeep on the calling loop: no hand-off to the common pool per batch of reads
    }

    /** @return 0 when the call may go on, else the seconds to wait */
    public long acquire(String key, int perMinute) {
        if (!enabled) {
            return 0;
        }
        Bucket bucket = buckets.get(key + "@" + perMinute, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
    }

    /** How many callers are tracked now (after pending evictions ran). */
    long tracked() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
