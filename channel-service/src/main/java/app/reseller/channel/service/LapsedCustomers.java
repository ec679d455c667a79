package app.reseller.channel.service;

import app.reseller.channel.BulkAction;
import app.reseller.channel.ChannelState;
import app.reseller.channel.repository.BulkJobRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * What the grace policy does to a lapsed customer's channels (billing decides the steps,
 * docs/billing.md): SUSPENDED pauses its running channels (their days saved and given back), paying
 * resumes the ones the suspension paused, EXPIRED unpaid deletes them all (unused days returned). Each
 * is a bulk job, keyed by the event that caused it: a redelivered or replayed event starts nothing
 * new, and the job does each channel once, whatever crashes.
 */
@ApplicationScoped
public class LapsedCustomers {

    /** Who the trail and the jobs name for these. */
    public static final String GRACE_POLICY = "platform:grace-policy";

    private static final Logger LOG = Logger.getLogger(LapsedCustomers.class);

    private final BulkJobs jobs;
    private final BulkJobRepository jobRows;
    private final Clock clock;

    public LapsedCustomers(BulkJobs jobs, BulkJobRepository jobRows, Clock clock) {
        this.jobs = jobs;
        this.jobRows = jobRows;
        this.clock = clock;
    }

    @ActivateRequestContext // a Kafka delivery has none; the trail entry of the job asks who acts (the platform)
    public Uni<Void> suspended(String customerId, UUID eventId) {
        return jobs.channelsOf(customerId, Set.of(ChannelState.ACTIVE))
                .chain(channels -> jobs.startForPlatform(BulkAction.PAUSE, customerId, channels, GRACE_POLICY, "suspended:" + eventId)
                        .invoke(job -> LOG.infof("customer %s suspended: job %s pauses its %d running channel(s)", customerId, job,
                                channels.size())))
                .replaceWithVoid();
    }

    /** Paid again: the suspension's pause stops where it got to, and what it paused (or is pausing) runs again. */
    @ActivateRequestContext
    public Uni<Void> restored(String customerId, UUID eventId) {
        return jobRows.latestJob(customerId, GRACE_POLICY, BulkAction.PAUSE).chain(pause -> pause == null ? Uni.createFrom().voidItem()
                : jobRows.cancel(pause, "PAUSED", "the customer paid", clock.instant())
                        .chain(paused -> jobs.startForPlatform(BulkAction.RESUME, customerId, paused, GRACE_POLICY, "restored:" + eventId)
                                .invoke(job -> LOG.infof("customer %s paid: job %s resumes %d channel(s) its suspension paused",
                                        customerId, job, paused.size())))
                        .replaceWithVoid());
    }

    /** Still unpaid after the suspension: every channel goes, its unused days returned as for any delete. */
    @ActivateRequestContext
    public Uni<Void> ended(String customerId, UUID eventId) {
        return jobs.channelsOf(customerId, Set.of(ChannelState.QUEUED, ChannelState.ACTIVE, ChannelState.PAUSING, ChannelState.PAUSED))
                .chain(channels -> jobs.startForPlatform(BulkAction.DELETE, customerId, channels, GRACE_POLICY, "ended:" + eventId)
                        .invoke(job -> LOG.infof("customer %s expired unpaid: job %s deletes its %d channel(s)", customerId, job,
                                channels.size())))
                .replaceWithVoid();
    }
}
