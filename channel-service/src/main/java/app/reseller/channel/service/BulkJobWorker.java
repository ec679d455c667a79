package app.reseller.channel.service;

import app.reseller.channel.BulkAction;
import app.reseller.channel.ChannelRefusal;
import app.reseller.channel.BulkJob.ItemState;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.BulkJobRepository;
import app.reseller.channel.repository.BulkJobRepository.Claim;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.domain.ProviderFault;
import app.reseller.platform.domain.Refusal;
import app.reseller.platform.events.WaitedForAtShutdown;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * Works off the items of bulk jobs on every replica: claims a few due ones (SKIP LOCKED, a lease)
 * and does each with the channel's own service, so a bulk pause is exactly a pause. A temporary
 * refusal (a pause waiting on an extension, WHAPI unavailable) is tried again after its Retry-After,
 * up to {@code channel.bulk.max-attempts}; a refusal for good fails the item with its problem type.
 * <p>
 * After a crash an item's claim lapses and another pass takes it over. Pause, resume and delete
 * are repeatable (a repeat answers the channel as it is); a restart that may have reached WHAPI is
 * not sent again: the item is done.
 */
@ApplicationScoped
public class BulkJobWorker {

    private static final Logger LOG = Logger.getLogger(BulkJobWorker.class);

    private final BulkJobRepository jobs;
    private final ChannelPausing pausing;
    private final ChannelDeletion deletion;
    private final ChannelControl control;
    private final ChannelService channels;
    private final ChannelConfig.Bulk config;
    private final Clock clock;

    public BulkJobWorker(BulkJobRepository jobs, ChannelPausing pausing, ChannelDeletion deletion, ChannelControl control,
                         ChannelService channels, ChannelConfig config, Clock clock) {
        this.jobs = jobs;
        this.pausing = pausing;
        this.deletion = deletion;
        this.control = control;
        this.channels = channels;
        this.config = config.bulk();
        this.clock = clock;
    }

    @WaitedForAtShutdown
    @Scheduled(identity = "channel-bulk-jobs", every = "{channel.bulk.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runOnce()
                .onFailure().invoke(e -> LOG.warnf("bulk job pass failed, its items are taken again when their claims lapse: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One pass: the due items it could claim, each done. @return how many were claimed */
    public Uni<Integer> runOnce() {
        return jobs.claim(config.batch(), clock.instant().plus(config.lease()), clock.instant())
                .chain(claims -> Multi.createFrom().iterable(claims).onItem().transformToUniAndConcatenate(this::work)
                        .collect().asList().replaceWith(claims.size()));
    }

    private Uni<Void> work(Claim claim) {
        if (!claim.action().repeatable() && claim.startedAt() != null) {
            return jobs.finish(claim, ItemState.DONE, outcomeOf(claim.action()),
                    "sent to WHAPI before its worker stopped; not sent again", clock.instant());
        }
        return jobs.markStarted(claim, clock.instant()).chain(held -> !held ? Uni.createFrom().voidItem()
                : act(claim)
                        .chain(outcome -> jobs.finish(claim, ItemState.DONE, outcome, null, clock.instant()))
                        .onFailure().recoverWithUni(failure -> failed(claim, failure)));
    }

    /** The channel's own action. @return the channel's state after it */
    private Uni<String> act(Claim claim) {
        return switch (claim.action()) {
            case PAUSE -> pausing.pause(claim.channelId()).map(channel -> channel.state.name());
            case RESUME -> pausing.resume(claim.channelId()).map(channel -> channel.state.name());
            case RESTART -> channels.find(claim.channelId()).chain(control::restart).replaceWith(outcomeOf(BulkAction.RESTART));
            // deleted since the job was accepted (or by this item before a crash): the outcome asked for
            case DELETE -> deletion.delete(claim.channelId()).replaceWith("DELETED")
                    .onFailure(NotFound.class).recoverWithItem("DELETED");
        };
    }

    private static String outcomeOf(BulkAction action) {
        return action == BulkAction.RESTART ? "RESTARTED" : action.name();
    }

    private Uni<Void> failed(Claim claim, Throwable failure) {
        Duration retryAfter = retryAfter(failure, claim.attempts());
        if (retryAfter != null && claim.attempts() < config.maxAttempts()) {
            LOG.infof("bulk job %s: channel %s tried again in %d s: %s", claim.jobId(), claim.channelId(), retryAfter.toSeconds(),
                    failure.getMessage());
            return jobs.retryLater(claim, clock.instant().plus(retryAfter), failure.getMessage());
        }
        if (failure instanceof Refusal refusal) {
            return jobs.finish(claim, ItemState.FAILED, refusal.type(), refusal.getMessage(), clock.instant());
        }
        if (failure instanceof ProviderFault fault) {
            return jobs.finish(claim, ItemState.FAILED, "provider-unavailable", fault.getMessage(), clock.instant());
        }
        LOG.errorf(failure, "bulk job %s: channel %s failed", claim.jobId(), claim.channelId());
        return jobs.finish(claim, ItemState.FAILED, "internal-error", "an unexpected error; the service's log has it", clock.instant());
    }

    /** When a failure is temporary: how long to wait before trying again (null: it is for good). */
    private Duration retryAfter(Throwable failure, int attempts) {
        Duration named;
        if (failure instanceof Refusal refusal && refusal.retryAfter() != null) {
            named = refusal.retryAfter();
        } else if (failure instanceof ChannelRefusal.ChannelNotReady notReady && notReady.passing()) {
            named = null; // e.g. a resume meeting the pause it follows still at work
        } else if (failure instanceof ProviderFault fault && fault.outcome() != ProviderFault.Outcome.REFUSED) {
            named = fault.retryAfter();
        } else {
            return null;
        }
        return named != null && !named.isZero() && !named.isNegative() ? named : config.retryBackoff().multipliedBy(attempts);
    }
}
