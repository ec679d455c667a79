package app.reseller.sandbox.whapi;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP server standing in for the platform's webhook endpoint in the sandbox's own tests: it keeps what it received. */
final class TestWebhookReceiver implements AutoCloseable {

    /** One call: the secret header the channel configured, and the body. */
    record Received(String secret, String body) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    TestWebhookReceiver() throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(new Received(String.valueOf(request.getHeader("X-Webhook-Secret")), body.toString()));
            request.response().setStatusCode(200).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    /** Where a channel's webhook should point to reach it for {@code channelId}. */
    String url(String channelId) {
        return "http://127.0.0.1:" + server.actualPort() + "/webhooks/whapi/" + channelId;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
