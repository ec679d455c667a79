package app.reseller.platform.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The first thing a shutdown does: pause every {@code @Scheduled} job, then let the background work under way finish
 * ({@link WorkInFlight}, at most platform.shutdown.wait-for-work) while nothing new starts. The reactive pool closes
 * right after the shutdown observers, while the rest of a shutdown (the Kafka consumers leaving their groups) takes
 * seconds: each job kept firing meanwhile and failed with "Pool closed", a WARN per job per tick at every rollout (a
 * messaging pod stopped with its database up logged 84-97 in its 9 s), and a run caught half-way left its claims to
 * expire (PodStopsItsJobsFirstTest).
 */
@ApplicationScoped
class JobsStopAtShutdown {

    private static final Logger LOG = Logger.getLogger(JobsStopAtShutdown.class);

    private final Scheduler scheduler;
    private final WorkInFlight work;
    private final Duration patience;

    JobsStopAtShutdown(Scheduler scheduler, WorkInFlight work,
                       @ConfigProperty(name = "platform.shutdown.wait-for-work", defaultValue = "10s") Duration patience) {
        this.scheduler = scheduler;
        this.work = work;
        this.patience = patience;
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown) {
        scheduler.pause();
        LOG.info("shutting down: scheduled jobs paused");
        work.finish(patience);
    }
}
