package app.reseller.gateway.routing;

import app.reseller.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;

/**
 * The web console's files (the console module's bundle, served from the gateway's classpath at
 * /console/), with the strictest policy the page works under: scripts and styles from the
 * gateway's own origin only, no inline script, never inside a frame, calls to the gateway and to
 * the OpenID provider people sign in with. The console reaches the platform through the same public
 * API as anyone ({@code /api/v1}, same origin). {@code /console/config.json} tells it where to sign in.
 */
@ApplicationScoped
public class ConsolePages {

    private final String policy;
    private final String settings;

    public ConsolePages(GatewayConfig config) {
        GatewayConfig.Console console = config.console();
        String authority = console.oidcAuthority().map(String::strip).filter(a -> !a.isEmpty()).orElse(null);
        this.policy = policy(authority);
        this.settings = new JsonObject().put("oidcAuthority", authority).put("clientId", console.clientId()).encode();
    }

    /** The console's policy: the provider's origin is the one place beyond the gateway the page may call. */
    static String policy(String authority) {
        String provider = authority == null ? "" : " " + origin(authority);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self';"
                + " connect-src 'self'" + provider + "; manifest-src 'self'; base-uri 'none'; form-action 'self'" + provider
                + "; frame-ancestors 'none'";
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    void install(@Observes Router router) {
        router.routeWithRegex("^/console(/.*)?$").order(GatewayRouter.SECURITY_HEADERS_ORDER + 1).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        String path = rc.request().path();
        if (path.equals("/console")) {
            rc.response().setStatusCode(308).putHeader(HttpHeaders.LOCATION, "/console/").end();
            return;
        }
        if (path.equals("/console/config.json")) {
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(settings);
            return;
        }
        rc.addHeadersEndHandler(v -> rc.response().headers().set("Content-Security-Policy", policy));
        rc.next();
    }
}
