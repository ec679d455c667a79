package app.reseller.platform.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The optimistic-version rule (docs/concurrency.md): a read-modify-write of a versioned row whose
 * version moved meanwhile changes nothing and fails; the whole transaction is then run again from
 * a fresh read, which sees the other writer's result (and may decide to do nothing, e.g. on a
 * channel that was deleted meanwhile).
 */
public final class StaleWrites {

    private static final int ATTEMPTS = 8;

    private StaleWrites() {
    }

    /** Runs {@code work} in a transaction, again from the start while it loses a version race. */
    public static <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(work))
                .onFailure(StaleWrites::isStale).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(200)).withJitter(0.5).atMost(ATTEMPTS);
    }

    /** An optimistic-lock failure, however Hibernate Reactive wrapped it. */
    public static boolean isStale(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }
}
