package app.reseller.channel.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Per-channel webhook secrets. WHAPI does not sign webhooks, so each channel's webhook carries a
 * random secret header. Only its SHA-256 is stored: the plain secret exists once, in the settings
 * sent to WHAPI, and a database leak does not let anyone forge webhooks.
 */
final class WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether a webhook with this secret is the channel's: its current secret, or the one WHAPI confirmed
     * before it while its grace lasts (WHAPI's retries of older calls carry it).
     */
    static boolean accepted(String presented, byte[] currentHash, byte[] previousHash, Instant previousUntil, Instant now) {
        // both compared, whatever the first says: the answer time does not tell which one matched
        boolean current = matches(presented, currentHash);
        boolean previous = matches(presented, previousHash) && previousUntil != null && now.isBefore(previousUntil);
        return current | previous;
    }

    /** Constant-time: the answer time does not tell how much of a guess was right. */
    static boolean matches(String presented, byte[] expectedHash) {
        return presented != null && expectedHash != null && MessageDigest.isEqual(hash(presented), expectedHash);
    }
}
