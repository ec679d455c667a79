package app.reseller.gateway.routing;

import app.reseller.gateway.config.GatewayConfig;
import app.reseller.platform.web.GatewayIdentity;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * The public API's front door, on Vert.x routes after CORS and ahead of Quarkus' own handlers:
 * security headers; the route table; per-IP and per-user rate limits; authentication (the bearer
 * JWT, verified here and again by the service it is forwarded to, or an API key: {@link ApiKeys})
 * and the route's roles (a key: its scope); then the
 * forward to the service ({@link DownstreamProxies}). Paths the gateway answers itself (dashboard, overview,
 * OpenAPI) pass on to their JAX-RS resources.
 */
@Singleton
public class GatewayRouter {

    /** Gateway-local paths under /api/v1, answered by JAX-RS resources. */
    static final Set<String> LOCAL = Set.of("/api/v1/dashboard", "/api/v1/admin/overview", "/api/v1/activity", "/api/v1/activity/export.csv",
            "/api/v1/openapi.json");

    private final DownstreamProxies proxies;
    private final RateLimiter limits;
    private final HttpAuthenticator authenticator;
    private final VerifiedTokens verified;
    private final GatewayConfig config;
    private final ApiKeys apiKeys;

    public GatewayRouter(DownstreamProxies proxies, RateLimiter limits, HttpAuthenticator authenticator,
            VerifiedTokens verified, GatewayConfig config, ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
        this.proxies = proxies;
        this.limits = limits;
        this.authenticator = authenticator;
        this.verified = verified;
        this.config = config;
    }

    /**
     * Where the two handlers sit among Quarkus' own: after CORS (-300), which must answer preflights
     * and mark every answer, and before Quarkus' authentication (-200) and REST observability (-199)
     * handlers. A forwarded call needs neither: the gateway authenticates it here (a remembered token,
     * otherwise {@link HttpAuthenticator}), and the second built a REST request mapper for every
     * request just to name a template the gateway's own routes name themselves (together about 4% of
     * the gateway's CPU per request, profiled: docs/benchmarks.md). The gateway's own paths go on through both ({@link #local}).
     */
    static final int SECURITY_HEADERS_ORDER = -250;
    static final int GATEWAY_ORDER = -240;

    void install(@Observes Router router) {
        router.route().order(SECURITY_HEADERS_ORDER).handler(GatewayRouter::securityHeaders);
        router.routeWithRegex("^/(api/v1|webhooks)(/.*)?$").order(GATEWAY_ORDER).handler(this::handle);
    }

    /**
     * The longest request line and header block the gateway reads: longer ones are answered here, as
     * problem+json. Vert.x's own codec limits (quarkus.http.limits.max-initial-line-length and
     * max-header-size) sit well above these, so these are the ones a client meets; only a request
     * past the codec's limits gets the codec's bare 414 or 431 (docs/gateway.md, "Limits").
     */
    static final int MAX_URI_LENGTH = 8 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private static void securityHeaders(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> {
            var headers = rc.response().headers();
            for (int i = 0; i < SECURITY_HEADERS.length; i += 2) {
                headers.set(SECURITY_HEADERS[i], SECURITY_HEADERS[i + 1]);
            }
            if (!headers.contains(HttpHeaders.CACHE_CONTROL)) {
                headers.set(HttpHeaders.CACHE_CONTROL, NO_STORE);
            }
        });
        if (rc.request().uri().length() > MAX_URI_LENGTH) {
            rc.response().putHeader("Connection", "close");
            Problems.answer(rc, 414, "uri-too-long", "The request URI is too long",
                    "request URIs up to " + MAX_URI_LENGTH + " characters", null);
            return;
        }
        if (headerBytes(rc) > MAX_HEADER_BYTES) {
            rc.response().putHeader("Connection", "close");
            Problems.answer(rc, 431, "headers-too-large", "The request headers are too large",
                    "request headers up to " + MAX_HEADER_BYTES + " bytes in all", null);
            return;
        }
        rc.next();
    }

    private static int headerBytes(RoutingContext rc) {
        int bytes = 0;
        for (var header : rc.request().headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        return bytes;
    }

    /** The same on every answer: names and values encoded once, not per request. */
    private static final CharSequence[] SECURITY_HEADERS = {
            HttpHeaders.createOptimized("X-Content-Type-Options"), HttpHeaders.createOptimized("nosniff"),
            HttpHeaders.createOptimized("X-Frame-Options"), HttpHeaders.createOptimized("DENY"),
            HttpHeaders.createOptimized("Referrer-Policy"), HttpHeaders.createOptimized("no-referrer"),
            HttpHeaders.createOptimized("Strict-Transport-Security"), HttpHeaders.createOptimized("max-age=31536000; includeSubDomains")};
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private void handle(RoutingContext rc) {
        String path = rc.request().path();
        CorrelationIds.of(rc);
        // only the gateway vouches for a caller: an identity header from outside is never passed on
        rc.request().headers().remove(GatewayIdentity.HEADER);
        // the per-address limit comes before the route table: a path that matches no route costs a
        // token too, so unknown paths cannot be hammered without limit
        boolean webhookPath = path.startsWith("/webhooks");
        long wait = webhookPath
                ? limits.acquire("webhook:" + clientIp(rc), config.rateLimit().webhookPerMinute())
                : limits.acquire("ip:" + clientIp(rc), config.rateLimit().perIpPerMinute());
        if (wait > 0) {
            Problems.answer(rc, 429, "rate-limited", "Too many requests", "too many requests from this address", wait);
            return;
        }
        if (LOCAL.contains(path)) {
            rc.next(); // answered by JAX-RS
            return;
        }
        Routes.Match match = Routes.match(rc.request().method().name(), path);
        if (match == null) {
            noRoute(rc, path);
            return;
        }
        RouteMetrics.tagWithTemplate(rc, match.route());
        boolean webhook = match.route().isWebhook();
        if (tooLarge(rc)) {
            Problems.answer(rc, 413, "body-too-large", "The request is too large",
                    "requests up to " + config.maxBodyBytes() + " bytes", null);
            return;
        }
        String target = match.targetPath() + (rc.request().query() == null ? "" : "?" + rc.request().query());
        if (webhook) {
            forward(rc, match.route(), target);
            return;
        }
        String apiKey = ApiKeys.presented(rc.request());
        if (apiKey != null) {
            withApiKey(rc, match, target, apiKey);
            return;
        }
        String token = VerifiedTokens.bearer(rc.request().getHeader("Authorization"));
        SecurityIdentity known = token == null ? null : verified.find(token);
        if (known != null) {
            authorised(rc, match, target, known);
            return;
        }
        rc.request().pause(); // keep the body until it is forwarded
        authenticator.attemptAuthentication(rc).subscribe().with(
                identity -> {
                    if (token != null && identity != null && !identity.isAnonymous()) {
                        verified.remember(token, identity);
                    }
                    authorised(rc, match, target, identity);
                },
                failure -> {
                    rc.request().resume();
                    Problems.answer(rc, 401, "unauthenticated", "Authentication required", "send a valid bearer token", null);
                });
    }

    private void authorised(RoutingContext rc, Routes.Match match, String target, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            rc.request().resume();
            Problems.answer(rc, 401, "unauthenticated", "Authentication required", "send a valid bearer token", null);
            return;
        }
        if (match.route().roles().stream().noneMatch(identity::hasRole)) {
            rc.request().resume();
            Problems.answer(rc, 403, "forbidden", "Forbidden", "this route needs the role " + String.join(" or ", match.route().roles()), null);
            return;
        }
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : identity.getPrincipal().getName(); // the customer id, as the services take it
        long wait = limits.acquire("user:" + subject, config.rateLimit().perUserPerMinute());
        if (wait > 0) {
            rc.request().resume();
            Problems.answer(rc, 429, "rate-limited", "Too many requests", "too many requests from this user", wait);
            return;
        }
        forward(rc, match.route(), target);
    }

    /**
     * A call with an API key: resolved (billing-service, briefly cached), then the route's scope, a
     * rate limit of the key's own, and the forward with the gateway's signed identity for the key in
     * place of the key, which never reaches a service. The key's id goes on the trace (audit).
     */
    private void withApiKey(RoutingContext rc, Routes.Match match, String target, String secret) {
        Route route = match.route();
        if (!apiKeys.enabled()) {
            Problems.answer(rc, 401, "unauthenticated", "Authentication required", "API keys are not enabled on this gateway", null);
            return;
        }
        rc.request().pause();
        io.vertx.core.Context loop = io.vertx.core.Vertx.currentContext();
        apiKeys.resolve(secret).whenComplete((key, failure) -> loop.runOnContext(v -> {
            if (failure != null) {
                rc.request().resume();
                Problems.answer(rc, 503, "api-keys-unavailable", "API keys cannot be checked right now",
                        "billing-service did not answer; retry shortly", 5L);
            } else if (key.isEmpty()) {
                rc.request().resume();
                Problems.answer(rc, 401, "unauthenticated", "Authentication required", "unknown, revoked or expired API key", null);
            } else {
                authorisedKey(rc, route, target, key.get());
            }
        }));
    }

    private void authorisedKey(RoutingContext rc, Route route, String target, ApiKeys.Key key) {
        io.opentelemetry.api.trace.Span.current().setAttribute("reseller.api_key.id", key.keyId())
                .setAttribute("enduser.id", key.customerId());
        if (route.scope() == null) {
            rc.request().resume();
            Problems.answer(rc, 403, "forbidden", "Forbidden", "this route is for people: an API key may not call it", null);
            return;
        }
        if (!key.scopes().contains(route.scope().value())) {
            rc.request().resume();
            Problems.answer(rc, 403, "forbidden", "Forbidden", "this API key lacks the scope " + route.scope().value(), null);
            return;
        }
        long wait = limits.acquire("key:" + key.keyId(), config.rateLimit().perUserPerMinute());
        if (wait > 0) {
            rc.request().resume();
            Problems.answer(rc, 429, "rate-limited", "Too many requests", "too many requests with this API key", wait);
            return;
        }
        rc.request().headers().remove("Authorization").remove(ApiKeys.HEADER).set(GatewayIdentity.HEADER, key.identity());
        forward(rc, route, target);
    }

    private void forward(RoutingContext rc, Route route, String target) {
        long budget = (route.callsProvider() ? config.services().providerCallTimeout() : config.services().timeout()).toMillis();
        if (declaredLength(rc) == null && rc.request().headers().contains("Transfer-Encoding")) {
            // a chunked body declares no length: it is read, up to the limit, before it is forwarded
            BoundedBody.read(rc.request(), config.maxBodyBytes()).onComplete(read -> {
                if (read.succeeded()) {
                    proxies.forward(rc, route.target(), target, budget, read.result());
                } else if (read.cause() instanceof BoundedBody.TooLarge tooLarge) {
                    if (tooLarge.unread) {
                        rc.response().putHeader("Connection", "close"); // the rest of the body is not read
                    }
                    Problems.answer(rc, 413, "body-too-large", "The request is too large",
                            "requests up to " + config.maxBodyBytes() + " bytes", null);
                } else {
                    rc.response().reset(); // the caller's side broke while sending: nobody to answer
                }
            });
            return;
        }
        proxies.forward(rc, route.target(), target, budget, null);
    }

    /** 405 with the methods the path has (Allow), or 404 when no route has the path at all. */
    private static void noRoute(RoutingContext rc, String path) {
        java.util.SortedSet<String> allowed = Routes.methodsFor(path);
        if (allowed.isEmpty()) {
            Problems.answer(rc, 404, "not-found", "No such route", rc.request().method() + " " + path + " is not part of the API", null);
            return;
        }
        rc.response().putHeader("Allow", String.join(", ", allowed));
        Problems.answer(rc, 405, "method-not-allowed", "Method not allowed",
                path + " takes " + String.join(", ", allowed) + ", not " + rc.request().method(), null);
    }

    /**
     * The proxy streams bodies, so the limit is checked on the declared length before forwarding; a
     * chunked body (no length) is counted while it is read ({@link #forward}).
     */
    private boolean tooLarge(RoutingContext rc) {
        Long length = declaredLength(rc);
        return length != null && (length < 0 || length > config.maxBodyBytes());
    }

    /** The Content-Length, null when there is none, -1 when it is not a number. */
    private static Long declaredLength(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        try {
            return length == null ? null : Long.parseLong(length.trim());
        } catch (NumberFormatException bad) {
            return -1L;
        }
    }

    /**
     * The socket's peer, unless it is one of the configured trusted proxies (the ingress): then
     * Quarkus has already put the client's address from X-Forwarded-For / Forwarded here
     * (quarkus.http.proxy.*). A client's own X-Forwarded-For is never believed.
     */
    private static String clientIp(RoutingContext rc) {
        return rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().host();
    }
}
