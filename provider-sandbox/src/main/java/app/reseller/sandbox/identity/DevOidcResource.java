package app.reseller.sandbox.identity;

import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The development issuer as an OpenID provider, for the web console's sign-in in the local run:
 * the authorization code flow with PKCE (S256 only), a page that lists the demo users instead of a
 * password form, refresh tokens (rotated at each use) and sign-out. Its tokens are the
 * {@link DevIssuerResource}'s, so the apps accept them as they accept the demo tokens. It lives in
 * the sandbox, which never ships; redirects go only to {@code sandbox.identity.console-url}.
 */
@Path("/_sandbox/identity/oidc")
@Tag(name = "Development issuer (local run only)")
@PermitAll
public class DevOidcResource {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);

    /** A code handed to the browser: whose, for which client and redirect, with which challenge and nonce, until when. */
    record Grant(String user, String clientId, String redirectUri, String challenge, String nonce, Instant until) {
    }

    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    /** Refresh token -> its user and client; each is used once (the answer carries the next one). */
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final IdentitySandboxConfig config;
    private final DevIssuerResource issuer;
    private final Clock clock = Clock.systemUTC();

    public DevOidcResource(IdentitySandboxConfig config, DevIssuerResource issuer) {
        this.config = config;
        this.issuer = issuer;
    }

    @GET
    @Path(".well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The provider's metadata (the console's OIDC client reads its endpoints here)")
    public Map<String, Object> metadata(@Context UriInfo uri) {
        String base = uri.getBaseUriBuilder().path("_sandbox/identity/oidc").build().toString();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", config.issuer());
        metadata.put("authorization_endpoint", base + "/authorize");
        metadata.put("token_endpoint", base + "/token");
        metadata.put("end_session_endpoint", base + "/logout");
        metadata.put("response_types_supported", new String[]{"code"});
        metadata.put("grant_types_supported", new String[]{"authorization_code", "refresh_token"});
        metadata.put("code_challenge_methods_supported", new String[]{"S256"});
        metadata.put("subject_types_supported", new String[]{"public"});
        metadata.put("id_token_signing_alg_values_supported", new String[]{"RS256"});
        metadata.put("scopes_supported", new String[]{"openid", "profile"});
        return metadata;
    }

    /** The sign-in page: one button per demo user, each posting the request back with its choice. */
    @GET
    @Path("authorize")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Choose a demo user (the code flow's authorization page)")
    public Response authorize(@QueryParam("client_id") String clientId, @QueryParam("redirect_uri") String redirectUri,
                              @QueryParam("response_type") String responseType, @QueryParam("state") String state,
                              @QueryParam("code_challenge") String challenge, @QueryParam("code_challenge_method") String method,
                              @QueryParam("nonce") String nonce) {
        String refused = refusal(clientId, redirectUri, responseType, challenge, method);
        if (refused != null) {
            return Response.status(400).type(MediaType.TEXT_PLAIN).entity(refused).build();
        }
        StringBuilder page = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Demo sign-in</title></head><body>"
                + "<main><h1>Demo sign-in (local run only)</h1><p>Choose who you are:</p>");
        for (Map.Entry<String, String> user : issuer.demoUsers().entrySet()) {
            page.append("<form method=\"post\" action=\"authorize\">")
                    .append(hidden("client_id", clientId)).append(hidden("redirect_uri", redirectUri)).append(hidden("state", state))
                    .append(hidden("code_challenge", challenge)).append(hidden("nonce", nonce)).append(hidden("user", user.getKey()))
                    .append("<button type=\"submit\">").append(escape(user.getKey())).append(" (").append(escape(user.getValue()))
                    .append(")</button></form>");
        }
        page.append("</main></body></html>");
        return Response.ok(page.toString()).header("Content-Security-Policy", "default-src 'none'; form-action 'self' "
                + origin(config.consoleUrl()) + "; frame-ancestors 'none'").build();
    }

    @POST
    @Path("authorize")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "The demo user chosen: back to the console with a one-time code")
    public Response approve(@FormParam("client_id") String clientId, @FormParam("redirect_uri") String redirectUri,
                            @FormParam("state") String state, @FormParam("code_challenge") String challenge,
                            @FormParam("nonce") String nonce, @FormParam("user") String user) {
        String refused = refusal(clientId, redirectUri, "code", challenge, "S256");
        if (refused != null || !issuer.demoUsers().containsKey(user)) {
            return Response.status(400).type(MediaType.TEXT_PLAIN).entity(refused != null ? refused : "unknown demo user").build();
        }
        String code = random();
        codes.put(code, new Grant(user, clientId, redirectUri, challenge, nonce, clock.instant().plus(CODE_LIFETIME)));
        UriBuilder back = UriBuilder.fromUri(redirectUri).queryParam("code", code);
        if (state != null) {
            back.queryParam("state", state);
        }
        return Response.seeOther(back.build()).build();
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A code (with its PKCE verifier) or a refresh token for tokens")
    public Response token(@FormParam("grant_type") String grantType, @FormParam("code") String code,
                          @FormParam("redirect_uri") String redirectUri, @FormParam("code_verifier") String verifier,
                          @FormParam("client_id") String clientId, @FormParam("refresh_token") String refreshToken) {
        Grant grant;
        if ("authorization_code".equals(grantType)) {
            grant = code == null ? null : codes.remove(code); // one use, even when refused below
            if (grant == null || grant.until().isBefore(clock.instant()) || !grant.redirectUri().equals(redirectUri)
                    || !grant.clientId().equals(clientId) || verifier == null || !grant.challenge().equals(s256(verifier))) {
                return error("invalid_grant", "unknown, used or expired code, or a verifier that does not match");
            }
        } else if ("refresh_token".equals(grantType)) {
            grant = refreshToken == null ? null : refreshTokens.remove(refreshToken);
            if (grant == null || (clientId != null && !grant.clientId().equals(clientId))) {
                return error("invalid_grant", "unknown or used refresh token");
            }
        } else {
            return error("unsupported_grant_type", "authorization_code or refresh_token");
        }
        String next = random();
        refreshTokens.put(next, grant);
        DevIssuerResource.TokenView access = issuer.token(new DevIssuerResource.TokenRequest(grant.user()));
        Instant now = clock.instant();
        var id = Jwt.issuer(config.issuer()).subject(grant.user()).audience(grant.clientId()).claim("preferred_username", grant.user())
                .issuedAt(now).expiresAt(now.plus(config.lifetime()));
        if (grant.nonce() != null) {
            id.claim("nonce", grant.nonce());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", access.accessToken());
        answer.put("id_token", id.sign(issuer.signingKey()));
        answer.put("refresh_token", next);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", access.expiresInSeconds());
        answer.put("scope", "openid profile");
        return Response.ok(answer).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("logout")
    @Operation(summary = "Sign-out: back to the console")
    public Response logout(@QueryParam("post_logout_redirect_uri") String redirect, @QueryParam("state") String state) {
        if (redirect == null || !redirect.startsWith(config.consoleUrl())) {
            return Response.status(400).type(MediaType.TEXT_PLAIN).entity("post_logout_redirect_uri must be the console's").build();
        }
        UriBuilder back = UriBuilder.fromUri(redirect);
        if (state != null) {
            back.queryParam("state", state);
        }
        return Response.seeOther(back.build()).build();
    }

    /** Why an authorization request is refused, or null: only the console, only back to it, only S256. */
    private String refusal(String clientId, String redirectUri, String responseType, String challenge, String method) {
        if (!config.consoleClientId().equals(clientId)) {
            return "unknown client_id";
        }
        if (redirectUri == null || !redirectUri.startsWith(config.consoleUrl())) {
            return "redirect_uri must be the console's (" + config.consoleUrl() + ")";
        }
        if (!"code".equals(responseType)) {
            return "response_type must be code";
        }
        if (challenge == null || challenge.length() < 43 || !"S256".equals(method)) {
            return "PKCE with S256 is required";
        }
        return null;
    }

    private static Response error(String error, String description) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(Map.of("error", error, "error_description", description)).build();
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String origin(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + u.getAuthority();
    }

    private static String hidden(String name, String value) {
        return value == null ? "" : "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
