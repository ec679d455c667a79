package app.reseller.gateway.routing;

import app.reseller.platform.web.CorrelationId;
import io.vertx.ext.web.RoutingContext;

/**
 * The request's correlation id at the gateway: taken from the caller when well formed, otherwise
 * made here; forwarded to the service (whose logs then carry the same id) and echoed to the caller.
 */
public final class CorrelationIds {

    private static final String KEY = "gateway.correlation-id";

    private CorrelationIds() {
    }

    public static String of(RoutingContext rc) {
        String id = rc.get(KEY);
        if (id == null) {
            id = CorrelationId.acceptOrCreate(rc.request().getHeader(CorrelationId.HEADER));
            rc.put(KEY, id);
            // the MDC lives on the request's Vert.x context: log lines and problems made later carry it too
            org.jboss.logging.MDC.put(CorrelationId.MDC_KEY, id);
            // the proxy copies the incoming headers: the service receives exactly this id
            rc.request().headers().set(CorrelationId.HEADER, id);
            String echoed = id;
            rc.addHeadersEndHandler(v -> rc.response().headers().set(CorrelationId.HEADER, echoed));
        }
        return id;
    }
}
