package app.reseller.sandbox.fault;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Applies the fault rules to every simulated provider call (not to the sandbox's own control API
 * or the /q endpoints), before the simulator sees the request.
 */
@ApplicationScoped
public class FaultInjectionFilter {

    private static final Logger LOG = Logger.getLogger(FaultInjectionFilter.class);
    /** Marks a request whose answer must be lost (read by {@link LostAnswerFilter}). */
    static final String LOST_ANSWER = "sandbox.lost-answer";

    private final FaultRules rules;
    private final Vertx vertx;
    private final ProviderCalls calls;

    public FaultInjectionFilter(FaultRules rules, Vertx vertx, ProviderCalls calls) {
        this.rules = rules;
        this.vertx = vertx;
        this.calls = calls;
    }

    @RouteFilter(100)
    void inject(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.startsWith("/_sandbox/faults") || path.startsWith("/q/")) {
            rc.next();
            return;
        }
        calls.count(path);
        var fault = rules.take(rc.request().method().name(), path);
        if (fault.isEmpty()) {
            rc.next();
            return;
        }
        Fault f = fault.get();
        LOG.infof("injecting %s into %s %s", f.kind(), rc.request().method(), path);
        int delay = f.delayMs() == null ? 0 : f.delayMs();
        switch (f.kind()) {
            case LATENCY -> vertx.setTimer(Math.max(1, delay), id -> rc.next());
            case ERROR -> {
                int status = f.status() == null ? 503 : f.status();
                if (f.retryAfterSeconds() != null) {
                    rc.response().putHeader("Retry-After", String.valueOf(f.retryAfterSeconds()));
                }
                rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end("{\"error\":{\"code\":" + status + ",\"message\":\"injected fault\",\"details\":\"sandbox\"}}");
            }
            case TIMEOUT -> vertx.setTimer(Math.max(1, delay), id -> rc.request().connection().close());
            case RESULT_CODE -> {
                String code = f.code() == null ? "700" : f.code();
                rc.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                        .end("{\"status\":\"" + code + "\",\"message\":\"injected result code\",\"data\":null}");
            }
            case LOST_ANSWER -> {
                // the handler runs and its effect happens; the answer never leaves. LostAnswerFilter
                // drops the connection before a JAX-RS answer is written; the headers-end hook covers
                // anything else (closing there can be too late for a small answer flushed at once).
                rc.put(LOST_ANSWER, Boolean.TRUE);
                rc.addHeadersEndHandler(v -> LostAnswerFilter.drop(rc));
                rc.next();
            }
        }
    }
}
