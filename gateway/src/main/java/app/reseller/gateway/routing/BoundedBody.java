package app.reseller.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A request body without a declared length (chunked transfer), read up to the gateway's limit
 * before it is forwarded. A streamed body has no length to check up front, so without this it
 * reached the service whatever its size. The body read is forwarded
 * whole, with its length ({@link DownstreamProxies#forward}).
 */
final class BoundedBody {

    private static final String KEY = "gateway.bounded-body";

    private BoundedBody() {
    }

    /**
     * The whole body, or {@link TooLarge} once it passed {@code maxBytes}. A body a little too large
     * is drained to its end, so the caller can read the 413; one more than twice the limit is
     * failed at once and its connection closed by the caller of this.
     */
    static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer();
        long[] seen = {0};
        request.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] <= maxBytes) {
                body.appendBuffer(chunk);
            } else if (seen[0] > 2 * maxBytes) {
                request.pause();
                read.tryFail(new TooLarge(maxBytes, true));
            }
        });
        request.endHandler(end -> {
            if (seen[0] > maxBytes) {
                read.tryFail(new TooLarge(maxBytes, false));
            } else {
                read.tryComplete(body);
            }
        });
        request.exceptionHandler(read::tryFail);
        request.resume();
        return read.future();
    }

    static final class TooLarge extends RuntimeException {
        /** Whether the rest of the body was left unread (the connection must then be closed). */
        final boolean unread;

        TooLarge(long maxBytes, boolean unread) {
            super("the body passed " + maxBytes + " bytes", null, false, false);
            this.unread = unread;
        }
    }
}
