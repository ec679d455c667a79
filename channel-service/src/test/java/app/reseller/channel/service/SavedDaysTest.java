package app.reseller.channel.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The days a pause gave back: from WHAPI's activeTill before and after its stop, whatever our clock says. */
class SavedDaysTest {

    private static final Instant BEFORE = Instant.parse("2026-12-20T10:00:00Z");

    @Test
    void theWholeDaysTheStopMovedActiveTillBack() {
        // WHAPI set activeTill to its "now", 4 days 23 hours before: 4 whole days went back
        assertEquals(4, ChannelPausing.savedDays(BEFORE, BEFORE.minus(Duration.ofDays(5)).plusSeconds(3600)));
        // WHAPI took off exactly 5 whole days and kept the part of a day
        assertEquals(5, ChannelPausing.savedDays(BEFORE, BEFORE.minus(Duration.ofDays(5))));
        // nothing left to give back, or a repeat after the first stop already moved it
        assertEquals(0, ChannelPausing.savedDays(BEFORE, BEFORE));
        assertEquals(0, ChannelPausing.savedDays(BEFORE, BEFORE.plusSeconds(60)));
        assertEquals(0, ChannelPausing.savedDays(null, BEFORE));
    }
}
