package app.reseller.platform.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One runner across replicas for a periodic job: the job runs where its lease is held, and another
 * replica takes the lease only once it expired (a crashed runner's job moves on after one lease).
 * Jobs run outside the lease's transaction, so they may call providers.
 */
@ApplicationScoped
public class JobLease {

    private static final String ACQUIRE = """
            insert into job_lease (name, holder, until) values (:name, :holder, :until)
            on conflict (name) do update set holder = excluded.holder, until = excluded.until
            where job_lease.until < :now or job_lease.holder = :holder
            returning name
            """;

    /** This process: a lease it holds is renewed by its next run, not waited for. */
    private final String holder = UUID.randomUUID().toString();
    private final Clock clock;

    public JobLease(Clock clock) {
        this.clock = clock;
    }

    /** Runs the job if this replica holds (or now takes) the lease named {@code name}; else answers null. */
    public <T> Uni<T> runIfHeld(String name, Duration lease, Supplier<Uni<T>> job) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(ACQUIRE, String.class)
                        .setParameter("name", name).setParameter("holder", holder)
                        .setParameter("until", clock.instant().plus(lease)).setParameter("now", clock.instant())
                        .getResultList()))
                .chain(acquired -> acquired.isEmpty() ? Uni.createFrom().nullItem() : job.get());
    }
}
