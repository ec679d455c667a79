package app.reseller.gateway.routing;

import app.reseller.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One Vert.x reverse proxy (vertx-http-proxy) per service and event loop, each call with its
 * route's time budget and behind the service's circuit breaker ({@link ServiceBreaker}). A failed
 * or refused call answers at once problem+json that says whether it may have been applied
 * ({@link DownstreamFailure}), never a hang.
 */
@ApplicationScoped
public class DownstreamProxies {

    private static final Logger LOG = Logger.getLogger(DownstreamProxies.class);
    /** Trial calls a half-open breaker lets through at once, instead of refusing all but one of a burst. */
    private static final int HALF_OPEN_TRIALS = 64;

    private final Vertx vertx;
    private final Map<Downstream, URI> origins = new EnumMap<>(Downstream.class);
    private final Map<Downstream, ServiceBreaker> breakers = new EnumMap<>(Downstream.class);
    private final int connectionsPerLoop;
    /**
     * The proxies of the event loop thread that calls: each loop has its own HTTP clients, so a
     * forwarded call and its answer stay on the loop that took the request. With one shared client,
     * a connection opened by another loop hands every answer across threads (a wake-up and a
     * context switch per request: the gateway's system time fell by a third without it,
     * docs/benchmarks.md).
     */
    private final ThreadLocal<Map<Downstream, HttpProxy>> perLoop = ThreadLocal.withInitial(this::newProxies);

    public DownstreamProxies(Vertx vertx, GatewayConfig config, Clock clock, MeterRegistry registry,
                             @ConfigProperty(name = "quarkus.vertx.event-loops-pool-size") Optional<Integer> eventLoops) {
        this.vertx = vertx;
        // the budget is shared by the loops that really run (Quarkus' default is twice the cores)
        int loops = eventLoops.orElse(2 * Runtime.getRuntime().availableProcessors());
        this.connectionsPerLoop = Math.max(8, config.services().maxConnections() / Math.max(1, loops));
        for (Downstream downstream : Downstream.values()) {
            origins.put(downstream, URI.create(switch (downstream) {
                case BILLING -> config.services().billing();
                case CHANNEL -> config.services().channel();
                case MESSAGING -> config.services().messaging();
            }));
            // one breaker per service, shared by every loop: it judges the service, not a connection
            // one breaker per service, shared by every loop: it judges the service, not a connection
            breakers.put(downstream, new ServiceBreaker(downstream.name().toLowerCase(), config.services().failuresToOpen(),
                    config.services().openFor(), HALF_OPEN_TRIALS, clock, registry));
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
                    new RequestOptions().setServer(server).setIdleTimeout(Forward.of(incoming).timeoutMs())));
            proxy.addInterceptor(new Forwarding(downstream, breakers.get(downstream)));
            proxies.put(downstream, proxy);
        }
        return proxies;
    }

    /** Rewrites the public URI to the service's, and turns a failed or refused call into a 503 problem. */
    private static final class Forwarding implements ProxyInterceptor {

        private static final String TRACEPARENT = "traceparent";
        private static final String TRACESTATE = "tracestate";

        private final Downstream downstream;
        private final ServiceBreaker breaker;

        Forwarding(Downstream downstream, ServiceBreaker breaker) {
            this.downstream = downstream;
            this.breaker = breaker;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            var incoming = context.request().proxiedRequest();
            Forward forward = Forward.of(incoming);
            context.request().setURI(forward.targetUri());
            // the gateway's own spans continue the caller's trace; the service must see the gateway's
            // client span as its parent (the tracer injects it), not the caller's header copied along
            context.request().headers().remove(TRACEPARENT).remove(TRACESTATE);
            if (forward.body() != null) {
                context.request().setBody(Body.body(forward.body()));
            }
            if (!breaker.tryAcquire()) {
                return Future.succeededFuture(failureAnswer(context, new ServiceBreaker.Open(downstream.name(), breaker.secondsUntilTrial())));
            }
            // the caller hung up (a load generator ending its run, a closed browser tab): the proxy resets
            // the service's request, which says nothing about the service, so the breaker must not count
            // it, nor wait for an answer nobody reads until its timeout
            Promise<ProxyResponse> outcome = Promise.promise();
            incoming.response().closeHandler(closed -> {
                if (outcome.tryComplete(callerGoneAnswer(context))) {
                    breaker.released();
                }
            });
            context.sendRequest().onComplete(sent -> {
                if (outcome.future().isComplete()) {
                    return;
                }
                if (sent.succeeded()) {
                    breaker.succeeded();
                    outcome.complete(sent.result());
                } else if (callerGone(incoming, sent.cause())) {
                    breaker.released();
                    outcome.complete(callerGoneAnswer(context));
                } else {
                    breaker.failed();
                    outcome.complete(failureAnswer(context, sent.cause()));
                }
            });
            return outcome.future();
        }

        private ProxyResponse failureAnswer(ProxyContext context, Throwable failure) {
            var incoming = context.request().proxiedRequest();
            if (failure instanceof ServiceBreaker.Open) { // one line per refused call would flood the log: the metric counts them
                LOG.debugf("%s refused %s %s: breaker open", downstream, incoming.method(), incoming.path());
            } else {
                LOG.warnf("%s did not answer %s %s: %s", downstream, incoming.method(), incoming.path(), failure.toString());
            }
            DownstreamFailure answer = DownstreamFailure.of(failure, downstream, incoming.method().name());
            ProxyResponse response = context.request().response().setStatusCode(answer.status());
            response.headers().clear();
            response.putHeader("Content-Type", app.reseller.platform.web.Problem.MEDIA_TYPE);
            if (answer.retryAfterSeconds() != null) {
                response.putHeader("Retry-After", String.valueOf(answer.retryAfterSeconds()));
            }
            response.setBody(Body.body(Buffer.buffer(Problems.json(answer.status(), answer.slug(), answer.title(), answer.detail(),
                    incoming.path(), incoming.getHeader(app.reseller.platform.web.CorrelationId.HEADER), answer.retryAfterSeconds()))));
            return response;
        }
    }

    /**
     * Whether the caller's side of this exchange is gone (its connection closed, or its request
     * reset). A StreamResetException on an HTTP/1.1 call is only ever our own reset: the proxy
     * resets the service's request when the caller hangs up, sometimes before the caller's
     * response reports closed (seen under load: 8 such resets opened the breaker). A service
     * that drops the connection fails the call differently (connection closed), and a call
     * without an answer in time with a timeout.
     */
    static boolean callerGone(io.vertx.core.http.HttpServerRequest incoming, Throwable failure) {
        return incoming.response().closed() || failure instanceof StreamResetException;
    }

    /** Nobody reads it: the caller is gone. 499 is nginx's word for it, in the access log. */
    private static ProxyResponse callerGoneAnswer(ProxyContext context) {
        ProxyResponse response = context.request().response().setStatusCode(499);
        response.headers().clear();
        response.setBody(Body.body(Buffer.buffer()));
        return response;
    }

    private static final int CONNECT_TIMEOUT_MS = 2000;
}
