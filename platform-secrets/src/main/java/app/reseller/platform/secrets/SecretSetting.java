package app.reseller.platform.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * One provider credential an admin sets through the API (the WHAPI partner token, Wappin's secret
 * key and callback token), written once for every such setting:
 * <ul>
 * <li>as typed, it is normalised (blanks and any {@code Bearer } prefix dropped, so a token pasted
 * from either kind of document works);</li>
 * <li>it is stored {@link #seal sealed} when the platform must use it, or only {@link #hash hashed}
 * when the platform only checks what others present, always with its mask for reads;</li>
 * <li>until an admin sets one, the configured value (a Kubernetes Secret) is used and shown masked;</li>
 * <li>it is never shown, logged or returned in full.</li>
 * </ul>
 */
public final class SecretSetting {

    /** How a credential the platform uses is stored: sealed, and its mask for reads. */
    public record Sealed(byte[] sealed, String mask) {
        @Override
        public String toString() {
            return "Sealed[" + mask + "]";
        }
    }

    /** How a credential the platform only checks is stored: its SHA-256, and its mask for reads. */
    public record Hashed(byte[] hash, String mask) {
        @Override
        public String toString() {
            return "Hashed[" + mask + "]";
        }
    }

    private final SecretBox box;
    private final String purpose;
    private final boolean bearer;

    private SecretSetting(SecretBox box, String purpose, boolean bearer) {
        this.box = box;
        this.purpose = purpose;
        this.bearer = bearer;
    }

    /** A bearer token (shown as {@code Bearer eyJ…7cQ}). {@code purpose} binds the sealed form to this setting. */
    public static SecretSetting bearerToken(SecretBox box, String purpose) {
        return new SecretSetting(box, purpose, true);
    }

    /** A key or token shown without a prefix ({@code sk_…9Qa}). */
    public static SecretSetting key(SecretBox box, String purpose) {
        return new SecretSetting(box, purpose, false);
    }

    public Sealed seal(String typed) {
        String bare = Secrets.bareToken(typed);
        return new Sealed(box.seal(purpose, bare), mask(bare));
    }

    public Hashed hash(String typed) {
        String bare = Secrets.bareToken(typed);
        return new Hashed(sha256(bare), mask(bare));
    }

    /** The value to use: the admin's (opened) when one is stored, else the configured one, else empty. */
    public Optional<String> current(byte[] stored, Optional<String> configured) {
        return stored != null ? Optional.of(box.open(purpose, stored)) : configured.map(Secrets::bareToken);
    }

    /** The hash to check against: the admin's when one is stored, else the configured value's, else empty. */
    public static Optional<byte[]> expectedHash(byte[] stored, Optional<String> configured) {
        return stored != null ? Optional.of(stored) : configured.map(Secrets::bareToken).map(SecretSetting::sha256);
    }

    /** The configured value as an admin sees it before setting one: masked. */
    public String shownConfigured(Optional<String> configured) {
        return configured.map(Secrets::bareToken).map(this::mask).orElse(null);
    }

    /** Whether a presented credential is the expected one (constant time; nothing presented or expected is no). */
    public static boolean matches(String presented, byte[] expectedHash) {
        return presented != null && expectedHash != null && MessageDigest.isEqual(sha256(presented), expectedHash);
    }

    private String mask(String bare) {
        return bearer ? Secrets.maskBearer(bare) : Secrets.mask(bare);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
