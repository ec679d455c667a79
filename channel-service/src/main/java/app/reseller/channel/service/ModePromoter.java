package app.reseller.channel.service;

import app.reseller.channel.ChannelMode;
import app.reseller.channel.ChannelState;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.platform.events.JobLease;
import app.reseller.platform.events.WaitedForAtShutdown;
import app.reseller.platform.events.contract.ChannelEvents.ChannelModeChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.UUID;

/**
 * TRIAL -> LIVE after the first paid extension. WHAPI restarts the channel on a mode change, so
 * gate calls are held off for the restart pause. A failed change is retried by a periodic sweep
 * (the same mode twice is harmless).
 */
@ApplicationScoped
public class ModePromoter {

    private static final Logger LOG = Logger.getLogger(ModePromoter.class);

    private final ChannelRepository channels;
    private final WhapiSettingsService settings;
    private final WhapiManager manager;
    private final ChannelEventsOutbox events;
    private final ChannelConfig config;
    private final JobLease leases;
    private final Clock clock;

    public ModePromoter(ChannelRepository channels, WhapiSettingsService settings, WhapiManager manager,
                        ChannelEventsOutbox events, ChannelConfig config, JobLease leases, Clock clock) {
        this.leases = leases;
        this.channels = channels;
        this.settings = settings;
        this.manager = manager;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** Longer than a promotion takes (WHAPI's mode change with its retries): until then it is the extension's. */
    private static final java.time.Duration SWEEP_AFTER = java.time.Duration.ofMinutes(2);

    public Uni<Void> promote(UUID channelId) {
        return Panache.withSession(() -> channels.findById(channelId)).chain(channel -> {
            if (channel == null || channel.state != ChannelState.ACTIVE || !channel.paid || channel.mode != ChannelMode.TRIAL) {
                return Uni.createFrom().voidItem();
            }
            return settings.credentials()
                    .chain(credentials -> manager.changeMode(credentials.authorization(), channel.whapiId, "live"))
                    .chain(() -> markLive(channelId))
                    .onFailure().recoverWithUni(failure -> {
                        LOG.warnf("channel %s: TRIAL -> LIVE at WHAPI failed (%s); the sweep tries again", channelId, failure.toString());
                        return Uni.createFrom().voidItem();
                    });
        });
    }

    private Uni<Void> markLive(UUID channelId) {
        return Panache.withTransaction(() -> channels.findById(channelId, LockModeType.PESSIMISTIC_WRITE).chain(channel -> {
            if (channel.mode == ChannelMode.LIVE || channel.state != ChannelState.ACTIVE) {
                return Uni.createFrom().voidItem();
            }
            channel.mode = ChannelMode.LIVE;
            channel.restartingUntil = clock.instant().plus(config.whapi().restartPause());
            channel.touch(clock.instant());
            LOG.infof("channel %s is LIVE at WHAPI; it restarts for about %s", channelId, config.whapi().restartPause());
            return events.append(new ChannelModeChanged(channel.id.toString(),
                    channel.customerId, ChannelMode.LIVE.name(), ChannelMode.TRIAL.name()));
        }));
    }

    /**
     * The safety net for a promotion that failed: channels paid a while ago and still TRIAL. Not the
     * ones paid a moment ago, whose promotion the extension itself is running: both would call WHAPI's
     * mode change (and WHAPI restarts a channel on each), seen as one WHAPI call too many in
     * Invariant4ReplayCallsWhapiZeroTimesTest.
     */
    @WaitedForAtShutdown
    @Scheduled(identity = "channel-mode-sweep", every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        // one replica sweeps at a time: two would both ask WHAPI for the same mode change
        return leases.runIfHeld("channel-mode-sweep", SWEEP_AFTER, this::sweepOnce).replaceWithVoid();
    }

    Uni<Void> sweepOnce() {
        return Panache.withSession(() -> channels.awaitingLive(clock.instant().minus(SWEEP_AFTER), 20))
                .chain(waiting -> Multi.createFrom().iterable(waiting).map(c -> c.id)
                        .onItem().transformToUniAndConcatenate(this::promote).collect().asList())
                .onFailure().invoke(e -> LOG.warnf("mode sweep failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
