package app.reseller.gateway.routing;

import app.reseller.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's reverse proxy: one HTTP client per service and event loop, each forwarded call with
 * its route's time budget and behind the service's circuit breaker ({@link ServiceBreaker}). A failed
 * or refused call answers at once a problem+json that says whether it may have been applied
 * ({@link DownstreamFailure}), never a hang.
 *
 * <p>A plain Vert.x request and response pipe, not vertx-http-proxy: that library copied every
 * header map twice, parsed Cache-Control and formatted a Date for each answer, and wrapped both
 * bodies, a tenth of the gateway's CPU per request for features it does not use (caching,
 * interceptors). Forwarding is what remains: the caller's headers without the hop-by-hop ones,
 * the body streamed (or the one {@link BoundedBody} read), the answer relayed whole when small and
 * streamed when large.
 *
 * <p>Tracing: the clients make no span of their own. The gateway's server span covers the whole
 * forward, and its context goes to the service in {@code traceparent}, so the service's request
 * hangs directly under it: one span per request in the gateway instead of two, for the same chain.
 */
@Singleton
public class DownstreamProxies {

    private static final Logger LOG = Logger.getLogger(DownstreamProxies.class);
    /** Trial calls a half-open breaker lets through at once, instead of refusing all but one of a burst. */
    private static final int HALF_OPEN_TRIALS = 64;
    private static final int CONNECT_TIMEOUT_MS = 2000;
    /** Answers up to this size are read whole before they are relayed; larger ones (media) are streamed. */
    private static final long WHOLE_ANSWER_BYTES = 64 * 1024;
    /**
     * Not forwarded either way: they describe one connection (RFC 9110 7.6.1), not the exchange.
     * Host is the service's own; the caller's trace headers are replaced by the gateway's span.
     */
    private static final MultiMap NOT_FORWARDED = HttpHeaders.headers()
            .add(HttpHeaders.CONNECTION, "").add(HttpHeaders.KEEP_ALIVE, "").add(HttpHeaders.PROXY_AUTHENTICATE, "")
            .add(HttpHeaders.PROXY_AUTHORIZATION, "").add("te", "").add("trailer", "").add(HttpHeaders.TRANSFER_ENCODING, "")
            .add(HttpHeaders.UPGRADE, "").add(HttpHeaders.HOST, "").add("traceparent", "").add("tracestate", "");
    private static final TextMapSetter<MultiMap> HEADER = (headers, name, value) -> headers.set(name, value);

    private final Vertx vertx;
    private final TextMapPropagator propagator;
    private final Map<Downstream, URI> origins = new EnumMap<>(Downstream.class);
    private final Map<Downstream, ServiceBreaker> breakers = new EnumMap<>(Downstream.class);
    private final int connectionsPerLoop;
    /**
     * The clients of the event loop thread that calls: each loop has its own, so a forwarded call and
     * its answer stay on the loop that took the request. With one shared client, a connection opened
     * by another loop hands every answer across threads (a wake-up and a context switch per request:
     * the gateway's system time fell by a third without it, docs/benchmarks.md).
     */
    private final ThreadLocal<Map<Downstream, HttpClient>> perLoop = ThreadLocal.withInitial(this::newClients);

    public DownstreamProxies(Vertx vertx, GatewayConfig config, Clock clock, MeterRegistry registry, OpenTelemetry telemetry,
                             @ConfigProperty(name = "quarkus.vertx.event-loops-pool-size") Optional<Integer> eventLoops) {
        this.vertx = vertx;
        this.propagator = telemetry.getPropagators().getTextMapPropagator();
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
            breakers.put(downstream, new ServiceBreaker(downstream.name().toLowerCase(), config.services().failuresToOpen(),
                    config.services().openFor(), HALF_OPEN_TRIALS, clock, registry));
        }
    }

    private Map<Downstream, HttpClient> newClients() {
        Map<Downstream, HttpClient> clients = new EnumMap<>(Downstream.class);
        for (Downstream downstream : Downstream.values()) {
            URI origin = origins.get(downstream);
            clients.put(downstream, vertx.createHttpClient(new HttpClientOptions()
                            .setDefaultHost(origin.getHost()).setDefaultPort(origin.getPort())
                            .setConnectTimeout(CONNECT_TIMEOUT_MS).setTracingPolicy(TracingPolicy.IGNORE),
                    new PoolOptions().setHttp1MaxSize(connectionsPerLoop)));
        }
        return clients;
    }

    /**
     * Forwards the request to the service and its answer back.
     *
     * @param uri       the service-side path and query
     * @param timeoutMs the route's budget: the longest the service may stay silent
     * @param body      the body {@link BoundedBody} already read, or null to stream the request's own
     */
    void forward(RoutingContext rc, Downstream downstream, String uri, long timeoutMs, Buffer body) {
        HttpServerRequest incoming = rc.request();
        ServiceBreaker breaker = breakers.get(downstream);
        if (!breaker.tryAcquire()) {
            incoming.resume(); // the router may have paused it: the unsent body is read and dropped
            fail(rc, downstream, new ServiceBreaker.Open(downstream.name(), breaker.secondsUntilTrial()));
            return;
        }
        if (body == null) {
            incoming.pause(); // until the service's request can take it
        }
        new Exchange(rc, downstream, breaker, Context.current()).start(perLoop.get().get(downstream),
                new RequestOptions().setMethod(incoming.method()).setURI(uri).setIdleTimeout(timeoutMs), body);
    }

    /** The caller's headers but the hop-by-hop ones, straight into the service's request (one copy, validated once). */
    private void copyHeaders(HttpServerRequest incoming, HttpClientRequest call, Context trace) {
        MultiMap headers = call.headers();
        incoming.headers().forEach(header -> {
            if (!NOT_FORWARDED.contains(header.getKey())) {
                headers.add(header.getKey(), header.getValue());
            }
        });
        propagator.inject(trace, headers, HEADER);
    }

    /** One forwarded call: exactly one of the breaker's three outcomes, and exactly one answer to the caller. */
    private final class Exchange {

        private final RoutingContext rc;
        private final HttpServerRequest incoming;
        private final Downstream downstream;
        private final ServiceBreaker breaker;
        private final Context trace;
        private HttpClientRequest call;
        private boolean settled;

        Exchange(RoutingContext rc, Downstream downstream, ServiceBreaker breaker, Context trace) {
            this.rc = rc;
            this.trace = trace;
            this.incoming = rc.request();
            this.downstream = downstream;
            this.breaker = breaker;
        }

        void start(HttpClient client, RequestOptions options, Buffer body) {
            // the caller hung up (a load generator ending its run, a closed browser tab): the service's
            // request is reset, which says nothing about the service, so the breaker must not count it,
            // nor wait for an answer nobody reads until its timeout
            incoming.response().closeHandler(closed -> {
                if (settle()) {
                    breaker.released();
                    if (call != null) {
                        call.reset();
                    }
                }
            });
            client.request(options).onComplete(opened -> {
                if (opened.failed()) {
                    failed(opened.cause());
                    return;
                }
                call = opened.result();
                if (settled) { // the caller left while a connection was found
                    call.reset();
                    return;
                }
                copyHeaders(incoming, call, trace);
                call.response().onComplete(answered -> {
                    if (answered.succeeded()) {
                        relay(answered.result());
                    } else {
                        failed(answered.cause());
                    }
                });
                send(body);
            });
        }

        private void send(Buffer body) {
            if (body != null) {
                call.end(body);
            } else if (hasBody(incoming)) {
                call.putHeader(HttpHeaders.CONTENT_LENGTH, incoming.getHeader(HttpHeaders.CONTENT_LENGTH));
                incoming.pipeTo(call).onFailure(broken -> call.reset());
            } else {
                call.end();
                incoming.resume();
            }
        }

        private void relay(HttpClientResponse answer) {
            if (settled) { // the caller left while the answer's head came
                answer.request().reset();
                return;
            }
            long length = declaredLength(answer);
            if (length >= 0 && length <= WHOLE_ANSWER_BYTES) {
                // most answers are small: read whole, then written in one go (head and body in one write to
                // the caller's socket instead of a pipe's write and end). A service that drops the call
                // halfway through the body is then still answered with a problem, as if it sent nothing.
                answer.body().onComplete(read -> {
                    if (read.failed()) {
                        failed(read.cause());
                    } else if (settle()) {
                        breaker.succeeded();
                        head(answer).end(read.result());
                    }
                });
                return;
            }
            settle();
            breaker.succeeded();
            HttpServerResponse response = head(answer);
            if (length < 0 && answer.statusCode() != 204 && answer.statusCode() != 304 && incoming.method() != HttpMethod.HEAD) {
                response.setChunked(true);
            }
            answer.pipeTo(response).onFailure(broken -> { // too late for a problem: the head is sent
                answer.request().reset();
                response.reset();
            });
        }

        /** The caller's response with the service's status and headers but the hop-by-hop ones. */
        private HttpServerResponse head(HttpClientResponse answer) {
            HttpServerResponse response = incoming.response().setStatusCode(answer.statusCode());
            answer.headers().forEach(header -> {
                if (!NOT_FORWARDED.contains(header.getKey())) {
                    response.headers().add(header.getKey(), header.getValue());
                }
            });
            return response;
        }

        private void failed(Throwable failure) {
            if (!settle()) {
                return;
            }
            if (callerGone(incoming, failure)) {
                breaker.released();
                return;
            }
            breaker.failed();
            incoming.resume(); // whatever is left of the body is read and dropped
            fail(rc, downstream, failure);
        }

        private boolean settle() {
            if (settled) {
                return false;
            }
            settled = true;
            return true;
        }
    }

    /** The answer's Content-Length, -1 when it has none (or none that is a number: then it is streamed). */
    private static long declaredLength(HttpClientResponse answer) {
        String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length);
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.equals("0");
    }

    /** The path as a log may show it: the secret in WHAPI's partner webhook path (its only credential) is masked. */
    static String loggable(String path) {
        return path == null ? null : path.replaceFirst("^/webhooks/whapi-partner/[^/]+", "/webhooks/whapi-partner/***");
    }

    private static void fail(RoutingContext rc, Downstream downstream, Throwable failure) {
        HttpServerRequest incoming = rc.request();
        if (failure instanceof ServiceBreaker.Open) { // one line per refused call would flood the log: the metric counts them
            LOG.debugf("%s refused %s %s: breaker open", downstream, incoming.method(), loggable(incoming.path()));
        } else {
            LOG.warnf("%s did not answer %s %s: %s", downstream, incoming.method(), loggable(incoming.path()), failure.toString());
        }
        DownstreamFailure answer = DownstreamFailure.of(failure, downstream, incoming.method().name());
        Problems.answer(rc, answer.status(), answer.slug(), answer.title(), answer.detail(), answer.retryAfterSeconds());
    }

    /**
     * Whether the caller's side of this exchange is gone (its connection closed, or its request
     * reset). A StreamResetException on an HTTP/1.1 call is only ever our own reset: the service's
     * request is reset when the caller hangs up, sometimes before the caller's response reports
     * closed (seen under load: 8 such resets opened the breaker). A service that drops the
     * connection fails the call differently (connection closed), and a call without an answer in
     * time with a timeout.
     */
    static boolean callerGone(HttpServerRequest incoming, Throwable failure) {
        return incoming.response().closed() || failure instanceof StreamResetException;
    }
}
