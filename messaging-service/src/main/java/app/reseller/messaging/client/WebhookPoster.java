package app.reseller.messaging.client;

import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.service.EndpointAddresses.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;

/**
 * POSTs one signed delivery to a customer's endpoint. It connects to the address the SSRF guard
 * checked (the URL's host still names the TLS server and the Host header), follows no redirect
 * (a 3xx is a failed attempt, not a way around the guard) and gives up after the configured timeout.
 * A webhook POST is never retried here: the dispatcher decides, with back-off, and the receiver
 * recognises a repeat by its webhook-id.
 */
@ApplicationScoped
public class WebhookPoster {

    /** The receiver's answer: its status and the first characters of its body, for the delivery log. */
    public record Answer(int status, String excerpt) {
    }

    private static final int EXCERPT = 500;

    private final HttpClient http;
    private final Duration timeout;

    public WebhookPoster(Vertx vertx, MessagingConfig config) {
        this.timeout = config.webhooks().timeout();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setMaxPoolSize(64)
                .setKeepAlive(true)
                .setVerifyHost(true));
    }

    public Uni<Answer> post(Target target, Map<String, String> headers, String body) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(target.host()).setPort(target.port()).setSsl(target.https())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false)
                .setIdleTimeout(timeout.toMillis());
        headers.forEach(request::addHeader);
        return http.request(request)
                .chain(outgoing -> outgoing.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(received -> new Answer(response.statusCode(), excerpt(received))))
                .ifNoItem().after(timeout).fail();
    }

    private static String excerpt(Buffer body) {
        String text = body.length() > EXCERPT * 4 ? body.getString(0, EXCERPT * 4) : body.toString();
        return text.length() > EXCERPT ? text.substring(0, EXCERPT) : text;
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }
}
