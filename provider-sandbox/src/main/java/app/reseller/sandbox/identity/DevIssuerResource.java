package app.reseller.sandbox.identity;

import app.reseller.platform.web.ProblemException;
import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The development issuer: bearer tokens for the documented demo users, signed with the local run's
 * key (which every app trusts there), shaped as Keycloak's (sub, preferred_username, aud
 * reseller-api, realm_access.roles). It lives in the sandbox, beside the simulated providers, so
 * that no production artifact contains it: the gateway has no token endpoint in any build.
 */
@Path("/_sandbox/identity")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Development issuer (local run only)")
@PermitAll
public class DevIssuerResource {

    /** The audience every app expects (mp.jwt.verify.audiences). */
    static final String AUDIENCE = "reseller-api";

    public record TokenRequest(@NotBlank String user) {
    }

    public record TokenView(String user, String role, String accessToken, String tokenType, long expiresInSeconds) {
    }

    private final IdentitySandboxConfig config;

    public DevIssuerResource(IdentitySandboxConfig config) {
        this.config = config;
    }

    @GET
    @Path("users")
    @Operation(summary = "The demo users and their roles")
    public Map<String, String> users() {
        return demoUsers();
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A bearer token for a demo user, e.g. {\"user\":\"customer-1\"}")
    public TokenView token(@Valid @NotNull TokenRequest request) {
        String role = demoUsers().get(request.user());
        if (role == null) {
            throw ProblemException.badRequest("unknown-demo-user", "Unknown demo user", "demo users: " + demoUsers().keySet());
        }
        String token = Jwt.issuer(config.issuer()).subject(request.user()).claim("preferred_username", request.user())
                .audience(AUDIENCE).claim("realm_access", Map.of("roles", List.of(role)))
                .expiresIn(config.lifetime()).sign(privateKey());
        return new TokenView(request.user(), role, token, "Bearer", config.lifetime().toSeconds());
    }

    /** The demo users by name, with their roles. */
    Map<String, String> demoUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        for (String entry : config.users()) {
            String[] nameAndRole = entry.split(":", 2);
            users.put(nameAndRole[0].strip(), nameAndRole[1].strip());
        }
        return users;
    }

    /** The local run's signing key (what the apps verify demo tokens with). */
    PrivateKey signingKey() {
        return privateKey();
    }

    private PrivateKey privateKey() {
        try {
            byte[] pkcs8 = Base64.getDecoder().decode(config.privateKey().orElseThrow(() ->
                    new ProblemException(503, "issuer-not-configured", "The development issuer has no key",
                            "sandbox.identity.private-key is not set (the local run sets it)")));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("sandbox.identity.private-key is not an RSA PKCS#8 key", e);
        }
    }
}
