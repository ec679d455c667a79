package app.reseller.channel.client;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhapiChannelTest {

    @Test
    void activeTillIsReadInMillisecondsOrSeconds() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        assertEquals(t, WhapiChannel.epoch(t.toEpochMilli()), "real answers: milliseconds");
        assertEquals(t, WhapiChannel.epoch(t.getEpochSecond()), "some examples: seconds");
    }

    @Test
    void itsStringFormNeverShowsTheToken() {
        var channel = new WhapiChannel("ABCDEF-12345", "abcdefghijklmnopqrstuvwxyz123456", "n", null, "p", "trial",
                "active", 1L, 1L, false, false);
        assertFalse(channel.toString().contains("abcdefghijklmnopqrstuvwxyz123456"));
        assertTrue(channel.toString().contains("ABCDEF-12345"));
    }

    @Test
    void theExtendBlockIsRecognised() {
        assertTrue(new WhapiException.Rejected(400, "Channel extension is temporarily blocked", null, null).isExtendBlock());
        assertFalse(new WhapiException.Rejected(400, "Not enough days", null, null).isExtendBlock());
    }
}
