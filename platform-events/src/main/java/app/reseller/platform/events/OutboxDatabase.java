package app.reseller.platform.events;

import io.vertx.pgclient.PgConnectOptions;
import org.eclipse.microprofile.config.Config;

import java.util.Optional;

/**
 * Where the outbox's own connections go: the service's reactive datasource, read from its
 * configuration, for the connections the relay and the commit listener open beside the shared pool.
 */
final class OutboxDatabase {

    private OutboxDatabase() {
    }

    /** The service's database, or empty when it has no {@code quarkus.datasource.reactive.url}. */
    static Optional<PgConnectOptions> of(Config config) {
        return config.getOptionalValue("quarkus.datasource.reactive.url", String.class).map(url -> {
            PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
            config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
            config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
            return options;
        });
    }
}
