package app.reseller.channel.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The operators' "days left": whole days, rounded up, never negative. */
class DaysLeftTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void partOfADayCountsAsADayAndAnEndedChannelHasNone() {
        assertEquals(1, ChannelDirectory.daysLeft(NOW.plus(Duration.ofHours(1)), NOW));
        assertEquals(2, ChannelDirectory.daysLeft(NOW.plus(Duration.ofDays(2)), NOW));
        assertEquals(3, ChannelDirectory.daysLeft(NOW.plus(Duration.ofDays(2)).plusSeconds(1), NOW));
        assertEquals(0, ChannelDirectory.daysLeft(NOW, NOW));
        assertEquals(0, ChannelDirectory.daysLeft(NOW.minus(Duration.ofDays(3)), NOW));
        assertNull(ChannelDirectory.daysLeft(null, NOW), "a channel without an end date has no days left to count");
    }
}
