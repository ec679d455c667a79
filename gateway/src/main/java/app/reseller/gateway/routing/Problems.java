package app.reseller.gateway.routing;

import app.reseller.platform.web.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The platform's one error format (problem+json), for errors the gateway answers itself on its Vert.x routes. */
public final class Problems {

    private Problems() {
    }

    public static String json(int status, String slug, String title, String detail, String path, String correlationId,
                              Long retryAfterSeconds) {
        JsonObject problem = new JsonObject().put("type", Problem.type(slug)).put("title", title).put("status", status)
                .put("detail", detail).put("instance", path).put("correlationId", correlationId);
        if (retryAfterSeconds != null) {
            problem.put("retryAfterSeconds", retryAfterSeconds);
        }
        return problem.encode();
    }

    public static void answer(RoutingContext rc, int status, String slug, String title, String detail, Long retryAfterSeconds) {
        if (rc.response().ended()) {
            return;
        }
        var response = rc.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (retryAfterSeconds != null) {
            response.putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        response.end(json(status, slug, title, detail, rc.request().path(), CorrelationIds.of(rc), retryAfterSeconds));
    }
}
