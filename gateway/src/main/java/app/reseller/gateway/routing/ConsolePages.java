package app.reseller.gateway.routing;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The web console's files (the console module's bundle, served from the gateway's classpath at
 * /console/), with the strictest policy the page works under: scripts, styles and calls from the
 * gateway's own origin only, no inline script, never inside a frame. The console reaches the
 * platform through the same public API as anyone ({@code /api/v1}, same origin).
 */
final class ConsolePages {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final CharSequence CSP = HttpHeaders.createOptimized("Content-Security-Policy");
    private static final CharSequence CSP_VALUE = HttpHeaders.createOptimized(CONTENT_SECURITY_POLICY);

    private ConsolePages() {
    }

    static void handle(RoutingContext rc) {
        if (rc.request().path().equals("/console")) {
            rc.response().setStatusCode(308).putHeader(HttpHeaders.LOCATION, "/console/").end();
            return;
        }
        rc.addHeadersEndHandler(v -> rc.response().headers().set(CSP, CSP_VALUE));
        rc.next();
    }
}
