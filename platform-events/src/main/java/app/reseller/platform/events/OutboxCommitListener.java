package app.reseller.platform.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * LISTENs on the {@code outbox_event} channel. The insert trigger NOTIFYs inside the writing
 * transaction, which PostgreSQL delivers only on commit: so the relay of every replica wakes up
 * right after an event commits, and the poll interval is only the fallback.
 */
@ApplicationScoped
class OutboxCommitListener {

    private static final Logger LOG = Logger.getLogger(OutboxCommitListener.class);

    private final Vertx vertx;
    private final OutboxRelay relay;
    private final OutboxConfig config;
    private final Config datasource;
    private PgSubscriber subscriber;

    OutboxCommitListener(Vertx vertx, OutboxRelay relay, OutboxConfig config, Config datasource) {
        this.vertx = vertx;
        this.relay = relay;
        this.config = config;
        this.datasource = datasource;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.relay().enabled()) {
            return;
        }
        PgConnectOptions options = OutboxDatabase.of(datasource).orElse(null);
        if (options == null) {
            LOG.warn("no quarkus.datasource.reactive.url: the outbox relay only polls");
            return;
        }
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempts -> 1_000L);
        subscriber.channel("outbox_event").handler(ignored -> relay.wakeUp());
        subscriber.connect().subscribe().with(
                ok -> LOG.debug("listening for outbox commits"),
                failure -> LOG.warnf("cannot LISTEN for outbox commits, relying on polling: %s", failure.toString()));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
