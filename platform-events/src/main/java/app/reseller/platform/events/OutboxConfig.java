package app.reseller.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "platform.outbox")
public interface OutboxConfig {

    /** CloudEvents {@code source} of every event this service publishes. */
    @WithDefault("/reseller/${quarkus.application.name}")
    String source();

    Relay relay();

    interface Relay {
        /** Off only where another process (e.g. Debezium) publishes the outbox. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Connections the relay holds of its own, beside the service's shared pool, so that a pass
         * never queues behind the requests that write the events (one pass runs at a time; the
         * second connection serves the backlog gauge and the purge).
         */
        @WithDefault("2")
        int connections();

        /** Rows published per transaction. */
        @WithDefault("500")
        int batchSize();

        /** How often the relay looks without being woken by a commit notification. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Longest pause between attempts while Kafka is failing (the pause doubles from 100 ms). */
        @WithDefault("10s")
        Duration maxBackoff();

        /**
         * How long a pass may hold its buckets without a word to the database before PostgreSQL ends
         * its session, and with it the pass's locks, so that the other relays take its buckets
         * ({@code idle_in_transaction_session_timeout} on the relay's own connections). A replica
         * frozen mid-pass (stopped, cut off, in a long pause) cannot let go of anything itself: its
         * buckets waited for it for as long as its connection lived. A pass starts no send after half
         * of this, and a send in flight ends within the producer's {@code max.block.ms} plus
         * {@code delivery.timeout.ms} (15 s), so a slow broker ends passes early instead of having
         * them cut: keep half of this above those 15 s.
         */
        @WithDefault("60s")
        Duration passTimeout();

        /**
         * Whether one relay per database publishes while the others stand by ({@link RelayLease}), or
         * every replica's relay publishes its share of the buckets. One is cheaper: the same events in
         * fewer, fuller passes. Either way the buckets' locks keep each aggregate in order.
         */
        @WithDefault("true")
        boolean onePerDatabase();

        /**
         * How long the publishing relay's lease lasts without renewal (it renews after a third of it).
         * A standby takes over after this when the publisher froze; at once (its next look, a poll
         * interval) when the publisher stopped or died.
         */
        @WithDefault("10s")
        Duration lease();

        /** Sent rows are kept this long for replay and audit, then deleted. */
        @WithDefault("168h")
        Duration retention();
    }
}
