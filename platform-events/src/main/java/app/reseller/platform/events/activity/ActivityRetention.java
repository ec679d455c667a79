package app.reseller.platform.events.activity;

import app.reseller.platform.events.WaitedForAtShutdown;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the activity trail for {@code platform.activity.retention} (400 days by default: a year
 * and its month of review) and deletes what is older, the only deletion the trail allows. Every
 * replica may run it: deleting what another replica deleted deletes nothing.
 */
@ApplicationScoped
public class ActivityRetention {

    private static final Logger LOG = Logger.getLogger(ActivityRetention.class);

    private final ActivityRepository activity;
    private final Duration retention;
    private final Clock clock;

    public ActivityRetention(ActivityRepository activity, @ConfigProperty(name = "platform.activity.retention", defaultValue = "P400D")
                             Duration retention, Clock clock) {
        this.activity = activity;
        this.retention = retention;
        this.clock = clock;
    }

    @WaitedForAtShutdown
    @Scheduled(identity = "activity-retention", every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return activity.deleteOlderThan(clock.instant().minus(retention))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("activity trail: %d entries older than %s deleted", deleted, retention);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("activity trail retention failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
