package app.reseller.infra;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens for tests, signed with an RSA key made for this JVM (no key is ever committed).
 * {@link PlatformInfraResource} gives the app under test the public key and the issuer, so the app
 * verifies these tokens exactly as it verifies a real issuer's.
 */
public final class TestIdentity {

    public static final String ISSUER = "https://test-issuer.reseller.invalid";
    /** The audience every app expects (mp.jwt.verify.audiences): the platform's API. */
    public static final String AUDIENCE = "reseller-api";
    private static final KeyPair KEYS = generate();
    /** The gateway's own key in tests: it signs the identity forwarded for API-key calls (GatewayIdentity). */
    private static final KeyPair GATEWAY_KEYS = generate();

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

    /** The gateway's identity key, base64 PKCS#8 (gateway.identity.private-key). */
    public static String gatewayPrivateKey() {
        return Base64.getEncoder().encodeToString(GATEWAY_KEYS.getPrivate().getEncoded());
    }

    /** Its public key, base64 X.509 (platform.gateway-identity.public-key, which every service trusts). */
    public static String gatewayPublicKey() {
        return Base64.getEncoder().encodeToString(GATEWAY_KEYS.getPublic().getEncoded());
    }

    /**
     * The identity the gateway forwards for a call with an API key (claims as GatewayIdentity names
     * them; literal here: the test kit does not depend on the apps' code).
     *
     * @param channels the channels the key is limited to, or null for all
     */
    public static String apiKeyIdentity(String customerId, String keyId, java.util.List<String> scopes, java.util.List<String> channels) {
        JwtClaimsBuilder claims = Jwt.issuer("urn:reseller:gateway").audience("urn:reseller:internal").subject(customerId)
                .claim("realm_access", Map.of("roles", List.of("customer"))).claim("reseller_key", keyId)
                .claim("reseller_scopes", scopes).expiresIn(Duration.ofMinutes(1));
        if (channels != null) {
            claims.claim("reseller_channels", channels);
        }
        return claims.sign(GATEWAY_KEYS.getPrivate());
    }

    /** The gateway itself, calling a service's internal endpoint (resolving an API key). */
    public static String gatewayItself() {
        return Jwt.issuer("urn:reseller:gateway").audience("urn:reseller:internal").subject("gateway")
                .claim("realm_access", Map.of("roles", List.of("gateway"))).expiresIn(Duration.ofMinutes(1)).sign(GATEWAY_KEYS.getPrivate());
    }

    public static String admin() {
        return token("admin-1", "admin");
    }

    public static String customer(String customerId) {
        return token(customerId, "customer");
    }

    public static String token(String subject, String... roles) {
        return claims(ISSUER, subject, subject, Set.of(roles), Duration.ofHours(1)).sign(KEYS.getPrivate());
    }

    /** A token whose username differs from its subject (the customer id is the subject, always). */
    public static String tokenWithUsername(String subject, String username, String... roles) {
        return claims(ISSUER, subject, username, Set.of(roles), Duration.ofHours(1)).sign(KEYS.getPrivate());
    }

    /** A token the same issuer minted for another application of its realm (another audience). */
    public static String tokenForAudience(String audience, String subject, String... roles) {
        return claims(ISSUER, subject, subject, Set.of(roles), Duration.ofHours(1)).audience(audience).sign(KEYS.getPrivate());
    }

    /**
     * The claims of a platform token, shaped as Keycloak issues them (deploy/keycloak/reseller-realm.json):
     * {@code sub} is the customer id, {@code preferred_username} only a display name, {@code aud} names
     * the platform, and the roles are the realm roles ({@code realm_access.roles}). The local run's
     * demo tokens and the sandbox's development issuer use the same shape.
     */
    public static JwtClaimsBuilder claims(String issuer, String subject, String username, Set<String> roles, Duration lifetime) {
        return Jwt.issuer(issuer).subject(subject).claim("preferred_username", username).audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.copyOf(roles))).expiresIn(lifetime);
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
