package app.reseller.gateway.routing;

import app.reseller.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per caller (user id or client IP), per gateway replica: a burst, refilled at a
 * steady rate. A refused call learns how long to wait (Retry-After). Kept in memory on purpose:
 * the limits protect the services from one noisy caller, they are not billing.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int MAX_TRACKED = 100_000;

    private final GatewayConfig config;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(GatewayConfig config) {
        this.config = config;
    }

    /** @return 0 when the call may go on, else the seconds to wait */
    public long acquire(String key, int perMinute) {
        if (!config.rateLimit().enabled()) {
            return 0;
        }
        if (buckets.size() > MAX_TRACKED) {
            buckets.clear(); // a flood of distinct callers must not exhaust memory
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(config.rateLimit().burst())).take(perMinute, config.rateLimit().burst());
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(int burst) {
            tokens = burst;
        }

        synchronized long take(int perMinute, int burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 60e9 * perMinute);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) * 60.0 / perMinute));
        }
    }
}
