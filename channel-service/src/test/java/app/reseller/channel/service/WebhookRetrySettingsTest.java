package app.reseller.channel.service;

import app.reseller.channel.config.ChannelConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retry settings WHAPI would refuse stop channel-service at start-up instead of leaving every new channel unconfigured. */
class WebhookRetrySettingsTest {

    private static ChannelConfig.Webhooks webhooks(Duration backoff, Duration cap) {
        return new ChannelConfig.Webhooks() {
            public String publicBaseUrl() {
                return "http://127.0.0.1:8082";
            }

            public String secretHeader() {
                return "X-Reseller-Webhook-Secret";
            }

            public Duration callbackBackoff() {
                return backoff;
            }

            public Duration callbackBackoffCap() {
                return cap;
            }
        };
    }

    @Test
    void whapisRangesAreTakenInclusiveAndAnythingOutsideIsRefusedByName() {
        assertDoesNotThrow(() -> ChannelWebhooks.check(webhooks(Duration.ofSeconds(3), Duration.ofMinutes(10))));
        assertDoesNotThrow(() -> ChannelWebhooks.check(webhooks(Duration.ofSeconds(15), Duration.ofMinutes(60))));
        var tooShort = assertThrows(IllegalStateException.class,
                () -> ChannelWebhooks.check(webhooks(Duration.ofMillis(2999), Duration.ofMinutes(15))));
        assertTrue(tooShort.getMessage().contains("channel.webhooks.callback-backoff is PT2.999S"), tooShort.getMessage());
        assertThrows(IllegalStateException.class, () -> ChannelWebhooks.check(webhooks(Duration.ofMillis(15001), Duration.ofMinutes(15))));
        var capTooLong = assertThrows(IllegalStateException.class,
                () -> ChannelWebhooks.check(webhooks(Duration.ofSeconds(3), Duration.ofMinutes(61))));
        assertTrue(capTooLong.getMessage().contains("channel.webhooks.callback-backoff-cap"), capTooLong.getMessage());
        assertThrows(IllegalStateException.class, () -> ChannelWebhooks.check(webhooks(Duration.ofSeconds(3), Duration.ofMinutes(9))));
        assertThrows(IllegalStateException.class, () -> ChannelWebhooks.check(webhooks(Duration.ZERO, Duration.ofMinutes(15))));
        assertThrows(IllegalStateException.class, () -> ChannelWebhooks.check(webhooks(Duration.ofSeconds(-5), Duration.ofMinutes(15))));
    }
}
