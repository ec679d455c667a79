package app.reseller.gateway.rest;

import app.reseller.gateway.config.GatewayConfig;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The development issuer: bearer tokens for the documented demo users, signed with the local run's
 * key (which every app trusts there). Off unless gateway.dev-issuer.enabled; then every call is a 404,
 * as if it did not exist. Production uses a real OIDC provider (e.g. Keycloak).
 */
@Path("/api/v1/dev")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Development issuer (local run only)")
@PermitAll
@SecurityRequirementsSet // open: no token is needed to get one
public class DevIssuerResource {

    public record TokenRequest(@NotBlank String user) {
    }

    public record TokenView(String user, String role, String accessToken, String tokenType, long expiresInSeconds) {
    }

    private final GatewayConfig config;

    public DevIssuerResource(GatewayConfig config) {
        this.config = config;
    }

    @GET
    @Path("users")
    @Operation(operationId = "listDevUsers", summary = "The demo users and their roles")
    public Map<String, String> users() {
        return demoUsers();
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "issueDevToken", summary = "A bearer token for a demo user, e.g. {\"user\":\"customer-1\"}")
    public TokenView token(@Valid @NotNull TokenRequest request) {
        String role = demoUsers().get(request.user());
        if (role == null) {
            throw ProblemException.badRequest("unknown-demo-user", "Unknown demo user", "demo users: " + demoUsers().keySet());
        }
        String token = Jwt.issuer(config.devIssuer().issuer()).subject(request.user()).upn(request.user()).groups(Set.of(role))
                .expiresIn(config.devIssuer().lifetime()).sign(privateKey());
        return new TokenView(request.user(), role, token, "Bearer", config.devIssuer().lifetime().toSeconds());
    }

    private Map<String, String> demoUsers() {
        if (!config.devIssuer().enabled()) {
            throw new ProblemException(404, "not-found", "No such route", "the development issuer is off");
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (String entry : config.devIssuer().users()) {
            String[] nameAndRole = entry.split(":", 2);
            users.put(nameAndRole[0].strip(), nameAndRole[1].strip());
        }
        return users;
    }

    private PrivateKey privateKey() {
        try {
            byte[] pkcs8 = Base64.getDecoder().decode(config.devIssuer().privateKey().orElseThrow(() ->
                    new IllegalStateException("gateway.dev-issuer.private-key is not set")));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("gateway.dev-issuer.private-key is not an RSA PKCS#8 key", e);
        }
    }
}
