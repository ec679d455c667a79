package app.reseller.sandbox.fault;

import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The "applied but answer lost" fault for the simulated APIs: runs after the resource method did
 * its work and before a single byte of the answer is written, and drops the TCP connection. The
 * client sees a closed connection, exactly as when a real answer is lost on the way.
 *
 * <p>Vert.x's own {@code connection().close()} is graceful (it lets the answer in flight finish),
 * so the Netty channel is closed directly: an internal API, acceptable in a test double.
 */
public class LostAnswerFilter {

    @ServerResponseFilter
    public void dropAnswer(RoutingContext rc) {
        if (Boolean.TRUE.equals(rc.get(FaultInjectionFilter.LOST_ANSWER))) {
            drop(rc);
        }
    }

    /**
     * Closes the TCP connection and, off the event loop, waits until it is closed: the answer's write
     * is queued on the same event loop later and then finds the channel gone (closing without
     * waiting raced with the write and sometimes lost).
     */
    static void drop(RoutingContext rc) {
        if (rc.request().connection() instanceof ConnectionBase connection) {
            var channel = connection.channel();
            var closed = channel.close();
            if (!channel.eventLoop().inEventLoop()) {
                closed.awaitUninterruptibly(2000);
            }
        } else {
            rc.request().connection().close();
        }
    }
}
