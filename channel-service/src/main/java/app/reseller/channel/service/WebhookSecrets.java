package app.reseller.channel.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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

    /** Constant-time: the answer time does not tell how much of a guess was right. */
    static boolean matches(String presented, byte[] expectedHash) {
        return presented != null && expectedHash != null && MessageDigest.isEqual(hash(presented), expectedHash);
    }
}
