package app.reseller.platform.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.opentelemetry.api.trace.Span;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts the identity the gateway forwards for API-key calls ({@link GatewayIdentity#HEADER}),
 * verified with the gateway's public key ({@code platform.gateway-identity.public-key}). Without
 * that key configured (the gateway itself, the sandbox) it accepts nothing. Verification is CPU only
 * (one RSA signature, no I/O), so it runs where the request is.
 */
@Singleton
public class GatewayIdentityMechanism implements HttpAuthenticationMechanism {

    private final DefaultJWTParser parser;

    public GatewayIdentityMechanism(@ConfigProperty(name = "platform.gateway-identity.public-key") Optional<String> publicKey) {
        this.parser = publicKey.filter(k -> !k.isBlank()).map(GatewayIdentityMechanism::parser).orElse(null);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String assertion = context.request().getHeader(GatewayIdentity.HEADER);
        if (assertion == null || parser == null) {
            return Uni.createFrom().nullItem();
        }
        try {
            JsonWebToken jwt = parser.parse(assertion);
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(jwt)
                    .addAttribute(GatewayIdentity.VIA_GATEWAY_ATTRIBUTE, Boolean.TRUE);
            jwt.getGroups().forEach(identity::addRole);
            String keyId = jwt.getClaim(GatewayIdentity.KEY_ID_CLAIM);
            if (keyId != null) { // audit: every log line and the span of this request name the key
                MDC.put(GatewayIdentity.KEY_ID_MDC, keyId);
                Span.current().setAttribute("reseller.api_key.id", keyId);
            }
            return Uni.createFrom().item(identity.build());
        } catch (ParseException invalid) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the gateway's identity does not verify", invalid));
        }
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(); // it verifies by itself: no identity provider takes part
    }

    private static DefaultJWTParser parser(String base64) {
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
            JWTAuthContextInfo info = new JWTAuthContextInfo(key, GatewayIdentity.ISSUER);
            info.setExpectedAudience(Set.of(GatewayIdentity.AUDIENCE));
            info.setGroupsPath("realm_access/roles");
            info.setClockSkew(5);
            return new DefaultJWTParser(info);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("platform.gateway-identity.public-key is not a base64 X.509 RSA public key", e);
        }
    }
}
