package app.reseller.gateway.routing;

import app.reseller.gateway.config.GatewayConfig;
import app.reseller.platform.web.GatewayIdentity;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Singleton;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs the identities the gateway vouches for ({@link GatewayIdentity}): a customer acting through
 * an API key, and the gateway itself calling billing-service to resolve one. RSA-2048, so a
 * service holds only the public key and cannot vouch for anyone.
 */
@Singleton
public class IdentitySigner {

    private final Optional<PrivateKey> key;
    private final Duration lifetime;
    private final Clock clock;
    private volatile Signed itself;

    public IdentitySigner(GatewayConfig config, Clock clock) {
        this.key = config.apiKeys().privateKey().filter(k -> !k.isBlank()).map(IdentitySigner::privateKey);
        this.lifetime = config.apiKeys().identityLifetime();
        this.clock = clock;
    }

    public boolean configured() {
        return key.isPresent();
    }

    /** The identity of a customer acting through an API key. */
    public String forKey(ApiKeys.Key resolved) {
        JwtClaimsBuilder claims = base(resolved.customerId(), "customer").claim(GatewayIdentity.KEY_ID_CLAIM, resolved.keyId())
                .claim(GatewayIdentity.SCOPES_CLAIM, List.copyOf(resolved.scopes()));
        if (resolved.channelIds() != null) {
            claims.claim(GatewayIdentity.CHANNELS_CLAIM, List.copyOf(resolved.channelIds()));
        }
        return claims.sign(key.orElseThrow());
    }

    /** The gateway's own identity, re-signed when half of its lifetime has passed. */
    public String itself() {
        Signed current = itself;
        Instant now = clock.instant();
        if (current == null || now.isAfter(current.renewAfter())) {
            current = new Signed(base("gateway", GatewayIdentity.GATEWAY_ROLE).sign(key.orElseThrow()), now.plus(lifetime.dividedBy(2)));
            itself = current;
        }
        return current.token();
    }

    private JwtClaimsBuilder base(String subject, String role) {
        Instant now = clock.instant();
        return Jwt.issuer(GatewayIdentity.ISSUER).audience(GatewayIdentity.AUDIENCE).subject(subject)
                .claim("realm_access", Map.of("roles", List.of(role))).issuedAt(now).expiresAt(now.plus(lifetime));
    }

    private record Signed(String token, Instant renewAfter) {
    }

    private static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("gateway.api-keys.private-key is not an RSA PKCS#8 key (base64)", e);
        }
    }
}
