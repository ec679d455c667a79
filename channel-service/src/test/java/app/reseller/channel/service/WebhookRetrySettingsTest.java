package app.reseller.channel.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retry settings WHAPI would refuse stop channel-service at start-up instead of leaving every new channel unconfigured. */
class WebhookRetrySettingsTest {

    @Test
    void whapisRangesAreTakenInclusiveAndAnythingOutsideIsRefusedByName() {
        assertDoesNotThrow(() -> ChannelWebhooks.check(Duration.ofSeconds(3), Duration.ofMinutes(10)));
        assertDoesNotThrow(() -> ChannelWebhooks.check(Duration.ofSeconds(15), Duration.ofMinutes(60)));
        var tooShort = assertThrows(IllegalStateException.class,
                () -> ChannelWebhooks.check(Duration.ofMillis(2999), Duration.ofMinutes(15)));
        assertTrue(tooShort.getMessage().contains("channel.webhooks.callback-backoff is PT2.999S"), tooShort.getMessage());
        assertThrows(IllegalStateException.class, () -> ChannelWebhooks.check(Duration.ofMillis(15001), Duration.ofMinutes(15)));
        var capTooLong = assertThrows(IllegalStateException.class,
                () -> ChannelWebhooks.check(Duration.ofSeconds(3), Duration.ofMinutes(61)));
        assertTrue(capTooLong.getMessage().contains("channel.webhooks.callback-backoff-cap"), capTooLong.getMessage());
        assertThrows(IllegalStateException.class, () -> ChannelWebhooks.check(Duration.ofSeconds(3), Duration.ofMinutes(9)));
        assertThrows(IllegalStateException.class, () -> ChannelWebhooks.check(Duration.ZERO, Duration.ofMinutes(15)));
        assertThrows(IllegalStateException.class, () -> ChannelWebhooks.check(Duration.ofSeconds(-5), Duration.ofMinutes(15)));
    }
}
