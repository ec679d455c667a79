package app.reseller.gateway.routing;

import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's HTTP metrics are tagged by route template ({@code /api/v1/channels/{id}}), not by
 * concrete path: the routes here are not JAX-RS resources, so nothing else names the template, and
 * every channel or message id would otherwise become its own time series (memory that grows
 * without bound under real traffic).
 */
final class RouteMetrics {

    /** The request-context key Quarkus' Micrometer binder reads the URI template from. */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    private RouteMetrics() {
    }

    static void tagWithTemplate(RoutingContext rc, Route route) {
        if (rc.request() instanceof HttpServerRequestInternal request) {
            request.context().putLocal(URL_PATH_TEMPLATE, route.path());
        }
    }
}
