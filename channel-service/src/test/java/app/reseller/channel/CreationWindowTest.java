package app.reseller.channel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The window's arithmetic: how much is free, and when the n-th in the queue may expect its turn. */
class CreationWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    @Test
    void anEmptyWindowIsFreeAndEveryoneWithinTheLimitGoesNow() {
        CreationWindow window = new CreationWindow(20, HALF_HOUR, List.of(), null);
        assertEquals(20, window.free(NOW));
        assertEquals(NOW, window.estimate(1, NOW));
        assertEquals(NOW, window.estimate(20, NOW));
        assertEquals(NOW.plus(HALF_HOUR), window.estimate(21, NOW), "the 21st waits until the first of those leaves");
        assertEquals(NOW.plus(HALF_HOUR.multipliedBy(2)), window.estimate(41, NOW));
    }

    @Test
    void aFullWindowFreesAPlaceWhenItsOldestCreationLeavesIt() {
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            starts.add(NOW.minus(Duration.ofMinutes(20)).plusSeconds(i * 30L)); // 20 starts over the last 20 minutes
        }
        CreationWindow window = new CreationWindow(20, HALF_HOUR, starts, null);
        assertEquals(0, window.free(NOW));
        assertEquals(NOW.plus(Duration.ofMinutes(10)), window.estimate(1, NOW));
        assertEquals(NOW.plus(Duration.ofMinutes(10)).plusSeconds(30), window.estimate(2, NOW));
        assertEquals(NOW.plus(Duration.ofMinutes(40)), window.estimate(21, NOW), "one whole window after the first release");
        assertEquals(1, window.free(NOW.plus(Duration.ofMinutes(10)).plusMillis(1)), "starts older than the window no longer count");
    }

    @Test
    void whapisBlockComesFirst() {
        Instant blockedUntil = NOW.plus(Duration.ofMinutes(7));
        CreationWindow window = new CreationWindow(20, HALF_HOUR, List.of(NOW.minus(Duration.ofMinutes(1))), blockedUntil);
        assertEquals(0, window.free(NOW));
        assertEquals(blockedUntil, window.estimate(1, NOW));
        assertEquals(19, window.free(blockedUntil.plusMillis(1)));
        assertEquals(NOW, new CreationWindow(20, HALF_HOUR, List.of(), NOW.minusSeconds(1)).estimate(1, NOW), "a past block is no block");
    }

    @Test
    void aLimitOfZeroNeverFreesAndSaysNowRatherThanNever() {
        CreationWindow closed = new CreationWindow(0, HALF_HOUR, List.of(), null);
        assertEquals(0, closed.free(NOW));
        assertEquals(NOW, closed.estimate(5, NOW));
    }
}
