package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.platform.events.JobLease;
import app.reseller.platform.events.WaitedForAtShutdown;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Finishes what a crash or an outage left half done (one runner across replicas):
 * <ul>
 *   <li>a channel CREATING for too long: WHAPI is asked for the channel by the id tag in its name;
 *       found, it is adopted (ACTIVE, ChannelCreated); not found, it is rolled back (FAILED, the slot
 *       is free). A WHAPI channel created even later shows up as an orphan in the audit;</li>
 *   <li>a channel DELETING for too long: the delete is resumed from where it stopped.</li>
 * </ul>
 */
@ApplicationScoped
public class ChannelReconciler {

    private static final Logger LOG = Logger.getLogger(ChannelReconciler.class);
    private static final int BATCH = 20;

    private final ChannelRepository channels;
    private final ChannelCreation creation;
    private final ChannelDeletion deletion;
    private final ChannelPausing pausing;
    private final ChannelWebhooks webhooks;
    private final WhapiSettingsService settings;
    private final JobLease leases;
    private final ChannelConfig config;
    private final Clock clock;
    private final ChannelTrail trail;

    public ChannelReconciler(ChannelRepository channels, ChannelCreation creation, ChannelDeletion deletion, ChannelPausing pausing,
                             ChannelWebhooks webhooks, WhapiSettingsService settings, JobLease leases, ChannelConfig config,
                             Clock clock, ChannelTrail trail) {
        this.trail = trail;
        this.channels = channels;
        this.creation = creation;
        this.deletion = deletion;
        this.pausing = pausing;
        this.webhooks = webhooks;
        this.settings = settings;
        this.leases = leases;
        this.config = config;
        this.clock = clock;
    }

    public record Outcome(int adopted, int rolledBack, int deleted) {
    }

    @WaitedForAtShutdown
    @Scheduled(identity = "channel-reconciler", every = "{channel.reconcile.every}", delayed = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return leases.runIfHeld("channel-reconciler", config.reconcile().every().multipliedBy(2), this::runOnce)
                .onFailure().invoke(e -> LOG.warnf("channel reconciler run failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** A run a person asked for: its outcome goes into the activity trail. */
    public Uni<Outcome> runAsked() {
        return runOnce().call(outcome -> trail.platformActed("reconcileChannels", "CHANNELS", outcome));
    }

    public Uni<Outcome> runOnce() {
        Instant stuckBefore = clock.instant().minus(config.reconcile().stuckAfter());
        return finishCreating(stuckBefore).chain(created -> resumeDeleting(stuckBefore)
                        .map(deleted -> new Outcome(created[0], created[1], deleted)))
                .call(() -> resumePausing(stuckBefore))
                .call(this::reconfigureOutdatedWebhooks);
    }

    /** Channels configured before the set of WHAPI webhook events grew get the current settings (best effort, as at creation). */
    private Uni<Void> reconfigureOutdatedWebhooks() {
        return Panache.withSession(() -> channels.webhooksOlderThan(ChannelWebhooks.SETTINGS_VERSION, BATCH))
                .chain(outdated -> Multi.createFrom().iterable(outdated)
                        .onItem().transformToUniAndConcatenate(channel -> webhooks.configure(channel)
                                .invoke(() -> LOG.infof("channel %s: WHAPI webhook settings brought to version %d", channel.id,
                                        ChannelWebhooks.SETTINGS_VERSION)))
                        .collect().asList().replaceWithVoid());
    }

    private Uni<int[]> finishCreating(Instant stuckBefore) {
        return Panache.withSession(() -> channels.stuckIn(ChannelState.CREATING, stuckBefore, BATCH)).chain(stuck -> stuck.isEmpty()
                ? Uni.createFrom().item(new int[2])
                : settings.credentials().chain(credentials -> Multi.createFrom().iterable(stuck)
                        .onItem().transformToUniAndConcatenate(channel -> creation.findAtWhapi(credentials, channel)
                                .chain(found -> found != null
                                        ? creation.activate(channel.id, found).call(webhooks::configure).replaceWith(true)
                                        : creation.markFailed(channel.id, new IllegalStateException(
                                        "left CREATING by a crash or an outage, and WHAPI has no channel for it")).replaceWith(false))
                                .invoke(adopted -> LOG.warnf("channel %s was stuck in CREATING: %s", channel.id,
                                        adopted ? "WHAPI has it, adopted" : "WHAPI has none, rolled back"))
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("channel %s stuck in CREATING: not settled yet (%s)", channel.id, failure.toString());
                                    return null;
                                }))
                        .collect().asList()
                        .map(ChannelReconciler::count)));
    }

    private static int[] count(List<Boolean> outcomes) {
        int adopted = (int) outcomes.stream().filter(Boolean.TRUE::equals).count();
        int rolledBack = (int) outcomes.stream().filter(Boolean.FALSE::equals).count();
        return new int[]{adopted, rolledBack};
    }

    /** A pause left half-way by a crash or an outage is finished (its steps are repeatable, its event emitted once). */
    private Uni<Void> resumePausing(Instant stuckBefore) {
        return Panache.withSession(() -> channels.stuckIn(ChannelState.PAUSING, stuckBefore, BATCH))
                .chain(stuck -> Multi.createFrom().iterable(stuck).map((Channel channel) -> channel.id)
                        .onItem().transformToUniAndConcatenate(id -> pausing.pause(id)
                                .invoke(() -> LOG.warnf("channel %s was stuck in PAUSING: paused now", id))
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("channel %s stuck in PAUSING: not finished yet (%s)", id, failure.toString());
                                    return null;
                                }))
                        .collect().asList().replaceWithVoid());
    }

    private Uni<Integer> resumeDeleting(Instant stuckBefore) {
        return Panache.withSession(() -> channels.stuckIn(ChannelState.DELETING, stuckBefore, BATCH))
                .chain(stuck -> Multi.createFrom().iterable(stuck).map((Channel channel) -> channel.id)
                        .onItem().transformToUniAndConcatenate(id -> deletion.delete(id).replaceWith(1)
                                .invoke(() -> LOG.warnf("channel %s was stuck in DELETING: deleted now", id))
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("channel %s stuck in DELETING: not finished yet (%s)", id, failure.toString());
                                    return 0;
                                }))
                        .collect().asList()
                        .map(done -> done.stream().mapToInt(Integer::intValue).sum()));
    }
}
