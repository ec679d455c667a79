package app.reseller.platform.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Pauses every {@code @Scheduled} job as soon as the app starts shutting down. The reactive pool is closed at once,
 * while the rest of a shutdown (the Kafka consumers leaving their groups) takes seconds: each job kept firing meanwhile
 * and failed with "Pool closed", a WARN per job per tick at every rollout (a messaging pod stopped with its database up
 * logged 84-97 in its 9 s, PodStopsItsJobsFirstTest). A job already running finishes or fails as before; its work is
 * claimed again by the next pod.
 */
@ApplicationScoped
class JobsStopAtShutdown {

    private static final Logger LOG = Logger.getLogger(JobsStopAtShutdown.class);

    void pause(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown, Scheduler scheduler) {
        scheduler.pause();
        LOG.info("shutting down: scheduled jobs paused");
    }
}
