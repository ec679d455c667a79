package app.reseller.gateway.routing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded memory without a global clear: a flood of distinct callers never resets an active caller's bucket. */
class RateLimiterTest {

    @Test
    void aHundredAndFiftyThousandDistinctCallersDoNotResetAnActiveCallersBucket() {
        RateLimiter limiter = new RateLimiter(true, 5, RateLimiter.MAX_TRACKED);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limiter.acquire("user:busy", 1));
        }
        assertTrue(limiter.acquire("user:busy", 1) > 0, "the busy caller used its burst");
        for (int i = 0; i < 150_000; i++) {
            limiter.acquire("ip:10.0." + (i / 250) + "." + (i % 250), 60);
            if (i % 1000 == 0) {
                assertTrue(limiter.acquire("user:busy", 1) > 0, "after " + i + " other callers the busy one is still limited");
            }
        }
        assertTrue(limiter.acquire("user:busy", 1) > 0, "the busy caller is still limited");
        assertTrue(limiter.tracked() <= RateLimiter.MAX_TRACKED, "memory stays bounded: " + limiter.tracked());
    }

    @Test
    void aRefusedCallLearnsHowLongToWait() {
        RateLimiter limiter = new RateLimiter(true, 1, 10);
        assertEquals(0, limiter.acquire("user:a", 6));
        long wait = limiter.acquire("user:a", 6);
        assertTrue(wait >= 1 && wait <= 10, "one token per 10 s: " + wait);
        assertEquals(0, limiter.acquire("user:b", 6), "another caller is not affected");
    }
}
