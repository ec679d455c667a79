package app.reseller.infra;

import io.smallrye.jwt.build.Jwt;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens for tests, signed with an RSA key made for this JVM (no key is ever committed).
 * {@link PlatformInfraResource} gives the app under test the public key and the issuer, so the app
 * verifies these tokens exactly as it verifies a real issuer's.
 */
public final class TestIdentity {

    public static final String ISSUER = "https://test-issuer.reseller.invalid";
    private static final KeyPair KEYS = generate();

    private TestIdentity() {
    }

    /** The public key, base64 (the form mp.jwt.verify.publickey takes). */
    public static String publicKey() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    /** The private key, base64 PKCS#8 (for the gateway's development issuer under test). */
    public static String privateKey() {
        return java.util.Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded());
    }

    public static String admin() {
        return token("admin-1", "admin");
    }

    public static String customer(String customerId) {
        return token(customerId, "customer");
    }

    public static String token(String subject, String... roles) {
        return Jwt.issuer(ISSUER).subject(subject).upn(subject).groups(Set.of(roles))
                .expiresIn(Duration.ofHours(1)).sign(KEYS.getPrivate());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
