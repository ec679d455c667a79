package app.reseller.gateway.routing;

import app.reseller.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
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

    private final Vertx vertx;
    private final Map<Downstream, URI> origins = new EnumMap<>(Downstream.class);
    private final Map<Downstream, Guard> guards = new EnumMap<>(Downstream.class);
    private final int connectionsPerLoop;
    /**
     * The proxies of the event loop thread that calls: each loop has its own HTTP clients, so a
     * forwarded call and its answer stay on the loop that took the request. With one shared client,
     * a connection opened by another loop hands every answer across threads (a wake-up and a
     * context switch per request: the gateway's system time fell by a third without it,
     * docs/benchmarks.md).
     */
    private final ThreadLocal<Map<Downstream, HttpProxy>> perLoop = ThreadLocal.withInitial(this::newProxies);

    public DownstreamProxies(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.connectionsPerLoop = Math.max(8, config.services().maxConnections() / Math.max(1, EVENT_LOOPS));
        for (Downstream downstream : Downstream.values()) {
            origins.put(downstream, URI.create(switch (downstream) {
                case BILLING -> config.services().billing();
                case CHANNEL -> config.services().channel();
                case MESSAGING -> config.services().messaging();
            }));
            // one breaker per service, shared by every loop: it judges the service, not a connection
            // no Guard timeout: the HTTP request's own idle timeout (per route, see newProxies) ends a call
            // that gets no answer, without a timer task per request
            guards.put(downstream, Guard.create().withDescription("gateway -> " + downstream)
                    .withCircuitBreaker().name("gateway-" + downstream.name().toLowerCase())
                    .requestVolumeThreshold(config.services().failuresToOpen()).failureRatio(1.0)
                    .delay(config.services().openFor().toMillis(), ChronoUnit.MILLIS)
                    // half-open lets a whole burst of trial calls through, instead of refusing all but one
                    .successThreshold(HALF_OPEN_TRIALS).done()
                    .build());
        }
    }

    public HttpProxy proxy(Downstream downstream) {
        return perLoop.get().get(downstream);
    }

    private Map<Downstream, HttpProxy> newProxies() {
        Map<Downstream, HttpProxy> proxies = new EnumMap<>(Downstream.class);
        for (Downstream downstream : Downstream.values()) {
            URI origin = origins.get(downstream);
            var client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS),
                    new PoolOptions().setHttp1MaxSize(connectionsPerLoop));
            SocketAddress server = SocketAddress.inetSocketAddress(origin.getPort(), origin.getHost());
            HttpProxy proxy = HttpProxy.reverseProxy(client).originRequestProvider((incoming, http) -> http.request(
                    new RequestOptions().setServer(server).setIdleTimeout(Long.parseLong(incoming.getHeader(TIMEOUT_HEADER)))));
            proxy.addInterceptor(new Forwarding(downstream, guards.get(downstream)));
            proxies.put(downstream, proxy);
        }
        return proxies;
    }

    /** Quarkus' default number of event loops (twice the cores), which the connection budget is shared over. */
    private static final int EVENT_LOOPS = 2 * Runtime.getRuntime().availableProcessors();

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
            context.request().headers().remove(TARGET_HEADER).remove(TIMEOUT_HEADER);
            Buffer read = BoundedBody.takeOver(incoming);
            if (read != null) {
                context.request().setBody(Body.body(read));
            }
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
                DownstreamFailure answer = DownstreamFailure.of(failure, downstream, incoming.method().name());
                ProxyResponse response = context.request().response().setStatusCode(answer.status());
                response.headers().clear();
                response.putHeader("Content-Type", app.reseller.platform.web.Problem.MEDIA_TYPE);
                if (answer.retryAfterSeconds() != null) {
                    response.putHeader("Retry-After", String.valueOf(answer.retryAfterSeconds()));
                }
                response.setBody(Body.body(Buffer.buffer(Problems.json(answer.status(), answer.slug(), answer.title(), answer.detail(),
                        incoming.path(), incoming.getHeader(app.reseller.platform.web.CorrelationId.HEADER), answer.retryAfterSeconds()))));
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
    /** The route's time budget in milliseconds, handed over the same way. */
    static final String TIMEOUT_HEADER = "X-Gateway-Timeout-Ms";
    private static final int CONNECT_TIMEOUT_MS = 2000;
}
