package app.reseller.channel.service;

import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ExpiryWarningRepository;
import app.reseller.platform.events.WaitedForAtShutdown;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Warns customers before a channel's paid time ends: a ChannelExpiring event once per channel and
 * end date (channel.expiry.warn-before ahead), which becomes the channel.expiring webhook and the
 * ChannelExpiring notification rule. Safe on every replica at once (the repository's insert decides).
 */
@ApplicationScoped
public class ExpiryWarnings {

    private static final Logger LOG = Logger.getLogger(ExpiryWarnings.class);
    private static final int BATCH = 200;

    private final ExpiryWarningRepository warnings;
    private final ChannelConfig config;
    private final Clock clock;

    public ExpiryWarnings(ExpiryWarningRepository warnings, ChannelConfig config, Clock clock) {
        this.warnings = warnings;
        this.config = config;
        this.clock = clock;
    }

    @WaitedForAtShutdown
    @Scheduled(identity = "channel-expiry-warnings", every = "{channel.expiry.check-every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runOnce().onFailure().invoke(e -> LOG.warnf("expiry warnings failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One pass, in batches until none is left; how many channels were warned. */
    public Uni<Integer> runOnce() {
        return warnings.warnEndingBefore(clock.instant(), config.expiry().warnBefore(), BATCH)
                .chain(warned -> warned < BATCH ? Uni.createFrom().item(warned) : runOnce().map(more -> warned + more));
    }
}
