package app.reseller.gateway.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;

/**
 * What the router decided for a request (the service-side URI, the route's time budget, and the
 * body when the router had to read it), handed to the proxy on the request's own Vert.x context.
 * Carried there rather than in made-up request headers: those were copied with every forwarded
 * request and then removed again.
 *
 * @param body the body read by {@link BoundedBody}, or null when the proxy streams the request's own
 */
record Forward(String targetUri, long timeoutMs, Buffer body) {

    private static final String KEY = "gateway.forward";

    void attachTo(HttpServerRequest request) {
        ((HttpServerRequestInternal) request).context().putLocal(KEY, this);
    }

    static Forward of(HttpServerRequest request) {
        return ((HttpServerRequestInternal) request).context().getLocal(KEY);
    }
}
