package app.reseller.channel.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel rules that need no database: unused days, webhook statuses, secrets, QR shapes. */
class ChannelRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unusedDaysAreTheWholeDaysLeftBeforeActiveTill() {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        assertEquals(4, ChannelDeletion.unusedDays(now.plus(Duration.ofDays(5)).minusSeconds(1), now));
        assertEquals(5, ChannelDeletion.unusedDays(now.plus(Duration.ofDays(5)), now));
        assertEquals(0, ChannelDeletion.unusedDays(now.minusSeconds(1), now), "an expired channel has nothing to give back");
        assertEquals(0, ChannelDeletion.unusedDays(null, now));
    }

    @Test
    void webhookEventsBecomeLinkStatuses() throws Exception {
        assertEquals("AUTH", WebhookReceiver.statusOf(JSON.readTree(
                "{\"event\":{\"type\":\"channel\",\"event\":\"patch\"},\"health\":{\"status\":{\"code\":4,\"text\":\"AUTH\"}}}")));
        assertEquals("AUTH", WebhookReceiver.statusOf(JSON.readTree("{\"event\":{\"type\":\"users\",\"event\":\"post\"}}")));
        assertEquals("QR", WebhookReceiver.statusOf(JSON.readTree("{\"event\":{\"type\":\"users\",\"event\":\"delete\"}}")));
        assertNull(WebhookReceiver.statusOf(JSON.readTree("{\"event\":{\"type\":\"messages\",\"event\":\"post\"}}")));
        assertThrows(app.reseller.channel.ChannelRefusal.NotAWebhook.class,
                () -> WebhookReceiver.statusOf(JSON.readTree("{\"health\":{}}")));
    }

    @Test
    void webhookSecretsAreCheckedAgainstTheirHashOnly() {
        String secret = WebhookSecrets.generate();
        byte[] hash = WebhookSecrets.hash(secret);
        assertTrue(WebhookSecrets.matches(secret, hash));
        assertFalse(WebhookSecrets.matches(secret + "x", hash));
        assertFalse(WebhookSecrets.matches(null, hash));
        assertFalse(WebhookSecrets.matches(secret, null));
        assertFalse(WebhookSecrets.generate().equals(secret));
    }

    @Test
    void aQrIsShownWithAndWithoutItsDataUriPrefix() throws Exception {
        var qr = LinkService.toQr(JSON.readTree("{\"status\":\"OK\",\"base64\":\"data:image/png;base64,iVBOR\",\"expire\":20}"));
        assertEquals("iVBOR", qr.base64());
        assertEquals("data:image/png;base64,iVBOR", qr.image());
        assertEquals(20, qr.expiresInSeconds());
        var bare = LinkService.toQr(JSON.readTree("{\"status\":\"OK\",\"base64\":\"iVBOR\"}"));
        assertEquals("data:image/png;base64,iVBOR", bare.image());
        assertNull(bare.expiresInSeconds());
    }

    @Test
    void whapiNamesCarryOurIdSoALostCreateCanBeFound() {
        var channel = app.reseller.channel.Channel.reserve("c1", "Shop", null, null, java.time.Instant.now());
        assertEquals("Shop [" + channel.id.toString().substring(0, 8) + "]", ChannelCreation.whapiName(channel));
    }
}
