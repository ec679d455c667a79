package app.reseller.gateway.routing;

import app.reseller.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One Vert.x reverse proxy (vertx-http-proxy) per service, each behind its own timeout and circuit
 * breaker (SmallRye Fault Tolerance). A service that is down or too slow answers, at once, a 503
 * problem+json with Retry-After, never a hang.
 */
@ApplicationScoped
public class DownstreamProxies {

    private static final Logger LOG = Logger.getLogger(DownstreamProxies.class);
    private static final TypeLiteral<CompletionStage<ProxyResponse>> ASYNC = new TypeLiteral<>() {
    };
    /** Trial calls a half-open breaker lets through; when they succeed, it closes. */
    private static final int HALF_OPEN_TRIALS = 64;

    private final Map<Downstream, HttpProxy> proxies = new EnumMap<>(Downstream.class);

    public DownstreamProxies(Vertx vertx, GatewayConfig config) {
        for (Downstream downstream : Downstream.values()) {
            URI origin = URI.create(switch (downstream) {
                case BILLING -> config.services().billing();
                case CHANNEL -> config.services().channel();
                case MESSAGING -> config.services().messaging();
            });
            var client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000)
                    .setIdleTimeout((int) config.services().timeout().toSeconds()), new PoolOptions().setHttp1MaxSize(100));
            Guard guard = Guard.create().withDescription("gateway -> " + downstream)
                    .withTimeout().duration(config.services().timeout().toMillis(), ChronoUnit.MILLIS).done()
                    .withCircuitBreaker().name("gateway-" + downstream.name().toLowerCase())
                    .requestVolumeThreshold(config.services().failuresToOpen()).failureRatio(1.0)
                    .delay(config.services().openFor().toMillis(), ChronoUnit.MILLIS)
                    // half-open lets a whole burst of trial calls through, instead of refusing all but one
                    .successThreshold(HALF_OPEN_TRIALS).done()
                    .build();
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(origin.getPort(), origin.getHost());
            proxy.addInterceptor(new Forwarding(downstream, guard));
            proxies.put(downstream, proxy);
        }
    }

    public HttpProxy proxy(Downstream downstream) {
        return proxies.get(downstream);
    }

    /** Rewrites the public URI to the service's, and turns a failed or refused call into a 503 problem. */
    private static final class Forwarding implements ProxyInterceptor {

        private final Downstream downstream;
        private final Guard guard;

        Forwarding(Downstream downstream, Guard guard) {
            this.downstream = downstream;
            this.guard = guard;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            var incoming = context.request().proxiedRequest();
            context.request().setURI(incoming.getHeader(TARGET_HEADER));
            context.request().headers().remove(TARGET_HEADER);
            CompletionStage<ProxyResponse> call = guard.get(() -> {
                // the caller hung up (a load generator ending its run, a closed browser tab): the proxy resets
                // the service's request, which says nothing about the service, so the breaker must not count
                // it, nor wait for an answer nobody reads until its timeout
                Promise<ProxyResponse> outcome = Promise.promise();
                incoming.response().closeHandler(closed -> outcome.tryComplete(callerGoneAnswer(context)));
                context.sendRequest().onComplete(sent -> {
                    if (sent.succeeded()) {
                        outcome.tryComplete(sent.result());
                    } else if (callerGone(incoming)) {
                        outcome.tryComplete(callerGoneAnswer(context));
                    } else {
                        outcome.tryFail(sent.cause());
                    }
                });
                return outcome.future().toCompletionStage();
            }, ASYNC);
            return Future.fromCompletionStage(call).recover(failure -> {
                LOG.warnf("%s did not answer %s %s: %s", downstream, incoming.method(), incoming.path(), failure.toString());
                ProxyResponse response = context.request().response().setStatusCode(503);
                response.headers().clear();
                response.putHeader("Content-Type", app.reseller.platform.web.Problem.MEDIA_TYPE).putHeader("Retry-After", "10");
                response.setBody(Body.body(Buffer.buffer(Problems.json(503, "service-unavailable",
                        "The service is not available right now", downstream.name().toLowerCase() + " did not answer; try again shortly",
                        incoming.path(), incoming.getHeader(app.reseller.platform.web.CorrelationId.HEADER), 10L))));
                return Future.succeededFuture(response);
            });
        }
    }

    /** Whether the caller's side of this exchange is gone (its connection closed, or its request reset). */
    static boolean callerGone(io.vertx.core.http.HttpServerRequest incoming) {
        return incoming.response().closed();
    }

    /** Nobody reads it: the caller is gone. 499 is nginx's word for it, in the access log. */
    private static ProxyResponse callerGoneAnswer(ProxyContext context) {
        ProxyResponse response = context.request().response().setStatusCode(499);
        response.headers().clear();
        response.setBody(Body.body(Buffer.buffer()));
        return response;
    }

    /** The service-side URI, handed from the router to the proxy on the request itself (removed before forwarding). */
    static final String TARGET_HEADER = "X-Gateway-Target-Uri";
}
