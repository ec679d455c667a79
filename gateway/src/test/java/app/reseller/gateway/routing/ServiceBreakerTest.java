package app.reseller.gateway.routing;

import app.reseller.infra.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's breaker per service: only real failures open it, and half-open takes a burst. */
class ServiceBreakerTest {

    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ServiceBreaker breaker = new ServiceBreaker("billing", 3, Duration.ofSeconds(10), 4, clock, registry);

    @Test
    void opensAfterFailuresInARowAndRefusesUntilItsTimeIsUp() {
        fail(2);
        assertTrue(breaker.tryAcquire(), "two failures: still closed");
        breaker.succeeded(); // a success in between starts the count again
        fail(2);
        assertEquals(ServiceBreaker.State.CLOSED, breaker.state());
        fail(1);
        assertEquals(ServiceBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        assertEquals(10, breaker.secondsUntilTrial());
        clock.advance(Duration.ofSeconds(9));
        assertFalse(breaker.tryAcquire());
        assertEquals(1.0, registry.get("gateway.breaker.opened").counter().count());
        assertEquals(2.0, registry.get("gateway.breaker.refused").counter().count());
        assertEquals(2.0, registry.get("gateway.breaker.state").gauge().value(), "2 = open");
    }

    @Test
    void halfOpenLetsABurstOfTrialsThroughAndTheFirstSuccessCloses() {
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 4; i++) {
            assertTrue(breaker.tryAcquire(), "trial " + i);
        }
        assertFalse(breaker.tryAcquire(), "more than 4 trials at once");
        breaker.succeeded();
        assertEquals(ServiceBreaker.State.CLOSED, breaker.state());
        for (int i = 0; i < 100; i++) {
            assertTrue(breaker.tryAcquire());
        }
    }

    @Test
    void aFailedTrialOpensItAgain() {
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        assertTrue(breaker.tryAcquire());
        breaker.failed();
        assertEquals(ServiceBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void callersHangingUpAreNeitherSuccessNorFailure() {
        for (int i = 0; i < 1000; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.released();
        }
        assertEquals(ServiceBreaker.State.CLOSED, breaker.state());
        // and in half-open, a hung-up trial gives its place back
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 4; i++) {
            assertTrue(breaker.tryAcquire());
        }
        breaker.released();
        assertTrue(breaker.tryAcquire(), "the released place is free again");
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.failed();
        }
    }
}
