package app.reseller.sandbox.whapi;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP server standing in for the platform's webhook endpoint in the sandbox's own tests: it keeps what it received. */
final class TestWebhookReceiver implements AutoCloseable {

    /** One call: the secret header the channel configured, and the body. */
    record Received(String secret, String body, long atNanos) {
    }

    /** Answered with 0: the call is left unanswered (its sender times out). */
    static final int NO_ANSWER = 0;

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** The statuses the next calls get, in turn (then 200): a receiver that is down, refusing or hanging for a while. */
    final java.util.Deque<Integer> nextAnswers = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    TestWebhookReceiver() throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(new Received(String.valueOf(request.getHeader("X-Webhook-Secret")), body.toString(), System.nanoTime()));
            Integer answer = nextAnswers.poll();
            if (answer == null) {
                request.response().setStatusCode(200).end();
            } else if (answer != NO_ANSWER) {
                request.response().setStatusCode(answer).end();
            }
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
