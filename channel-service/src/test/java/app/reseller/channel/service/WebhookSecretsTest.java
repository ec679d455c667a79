package app.reseller.channel.service;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which secrets a channel's webhook is accepted with: the current one, and the previous one while its grace lasts. */
class WebhookSecretsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final byte[] CURRENT = WebhookSecrets.hash("current");
    private static final byte[] PREVIOUS = WebhookSecrets.hash("previous");

    @Test
    void theCurrentSecretAlwaysAndThePreviousOneOnlyBeforeItsEnd() {
        assertTrue(WebhookSecrets.accepted("current", CURRENT, PREVIOUS, NOW.plusSeconds(60), NOW));
        assertTrue(WebhookSecrets.accepted("current", CURRENT, null, null, NOW));
        assertTrue(WebhookSecrets.accepted("previous", CURRENT, PREVIOUS, NOW.plusMillis(1), NOW));
        assertFalse(WebhookSecrets.accepted("previous", CURRENT, PREVIOUS, NOW, NOW), "its end is exclusive");
        assertFalse(WebhookSecrets.accepted("previous", CURRENT, PREVIOUS, NOW.minusSeconds(1), NOW));
        assertFalse(WebhookSecrets.accepted("previous", CURRENT, PREVIOUS, null, NOW), "a previous secret without an end is none");
        assertFalse(WebhookSecrets.accepted("previous", CURRENT, null, NOW.plusSeconds(60), NOW));
    }

    @Test
    void noSecretOrAWrongOneIsNeverAccepted() {
        for (String presented : new String[]{null, "", " ", "current ", "CURRENT", "previou", "previous\u0000", "x".repeat(10_000)}) {
            assertFalse(WebhookSecrets.accepted(presented, CURRENT, PREVIOUS, NOW.plusSeconds(60), NOW), String.valueOf(presented));
        }
        assertFalse(WebhookSecrets.accepted("current", null, null, null, NOW), "a channel without a secret accepts nothing");
    }
}
