package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.client.WhapiChannel;
import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.channel.repository.ExtensionRequestRepository;
import app.reseller.channel.service.WhapiSettingsService.PartnerCredentials;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.StaleWrites;
import app.reseller.platform.domain.NotFound;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Deletes channels in steps that a crash or a racing delete can resume (see {@link #delete}), so
 * that billing settles every extension before it refunds the unused days.
 */
@ApplicationScoped
public class ChannelDeletion {

    private static final Logger LOG = Logger.getLogger(ChannelDeletion.class);
    private static final Duration DAY = Duration.ofDays(1);

    private final ChannelRepository channels;
    private final WhapiSettingsService settings;
    private final WhapiManager manager;
    private final ChannelEventsOutbox events;
    private final ExtensionClaims extensions;
    private final ExtensionRequestRepository extensionRequests;
    private final Clock clock;
    private final ChannelTrail trail;

    public ChannelDeletion(ChannelRepository channels, WhapiSettingsService settings, WhapiManager manager,
                           ChannelEventsOutbox events, ExtensionClaims extensions, ExtensionRequestRepository extensionRequests,
                           Clock clock, ChannelTrail trail) {
        this.trail = trail;
        this.channels = channels;
        this.settings = settings;
        this.manager = manager;
        this.events = events;
        this.extensions = extensions;
        this.extensionRequests = extensionRequests;
        this.clock = clock;
    }

    /**
     * Deletes the channel, in steps that a crash or a racing delete can resume:
     * <ol>
     *   <li>ACTIVE -> DELETING (versioned): from here no sync, webhook or extension brings it back;</li>
     *   <li>open extensions whose call may have reached WHAPI are taken over (their executor is fenced
     *       out), WHAPI's activeTill is read, and each is settled from it: ChannelExtended or
     *       ChannelExtensionFailed, so billing settles the days before it refunds;</li>
     *   <li>WHAPI's delete (404 counts as done);</li>
     *   <li>DELETING -> DELETED under the row lock, failing in the same transaction every request that
     *       never started, with one ChannelDeleted carrying the unused days (from the activeTill read
     *       in step 2), which billing refunds up to what was confirmed paid.</li>
     * </ol>
     */
    public Uni<Void> delete(UUID id) {
        return beginDeletion(id).chain(channel -> channel.state == ChannelState.DELETED ? Uni.createFrom().voidItem()
                : settings.credentials().chain(credentials -> settleAndDelete(credentials, channel)));
    }

    private Uni<Channel> beginDeletion(UUID id) {
        return StaleWrites.inTransaction(() -> channels.findById(id).chain(channel -> {
            if (channel == null || channel.state == ChannelState.DELETED || channel.state == ChannelState.FAILED) {
                return Uni.createFrom().failure(new NotFound("channel", id));
            }
            if (channel.state == ChannelState.CREATING) {
                return Uni.createFrom().failure(ChannelRefusals.notReady("being created"));
            }
            if (channel.state == ChannelState.QUEUED) {
                // a cancelled request: WHAPI never heard of it and billing never counted it; the slot is free at once
                ChannelTrail.Snapshot before = ChannelTrail.Snapshot.of(channel);
                channel.state = ChannelState.DELETED;
                channel.deletedAt = clock.instant();
                channel.touch(clock.instant());
                return trail.changed("cancelQueuedChannel", channel, before, null).replaceWith(channel);
            }
            if (channel.state == ChannelState.PAUSING) {
                return Uni.createFrom().failure(ChannelRefusals.notReady("being paused"));
            }
            if (channel.state == ChannelState.ACTIVE || channel.state == ChannelState.PAUSED) {
                // a paused channel's days were given back when it paused: WHAPI's activeTill is now, nothing more is unused
                ChannelTrail.Snapshot before = ChannelTrail.Snapshot.of(channel);
                channel.state = ChannelState.DELETING;
                channel.touch(clock.instant());
                return trail.changed("deleteChannel", channel, before, null).replaceWith(channel);
            }
            return Uni.createFrom().item(channel); // DELETING already: a racing or crashed delete, resumed (its entry is written)
        }));
    }

    private Uni<Void> settleAndDelete(PartnerCredentials credentials, Channel channel) {
        return extensions.takeOverStarted(channel.id)
                .chain(taken -> manager.get(credentials.authorization(), channel.whapiId)
                        .map(WhapiChannel::activeTillInstant)
                        .onFailure(WhapiException::isNotFound).recoverWithNull()
                        .chain(activeTill -> Multi.createFrom().iterable(taken)
                                .onItem().transformToUniAndConcatenate(claim -> extensions.settleTakenOver(claim, activeTill, "deleted"))
                                .collect().asList().replaceWith(activeTill)))
                .chain(activeTill -> manager.delete(credentials.authorization(), channel.whapiId)
                        .onFailure(WhapiException::isNotFound).recoverWithNull()
                        .replaceWith(activeTill == null ? channel.activeTill : activeTill))
                .chain(activeTill -> markDeleted(channel.id, unusedDays(activeTill, clock.instant())));
    }

    private Uni<Void> markDeleted(UUID id, long unusedDays) {
        return Panache.withTransaction(() -> channels.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(channel -> {
            if (channel.state != ChannelState.DELETING) {
                return Uni.createFrom().voidItem(); // a racing delete got here first and emitted the event
            }
            return extensions.failUnstarted(id, "deleted")
                    .chain(() -> extensionRequests.countOpen(id))
                    .chain(open -> {
                        if (open > 0) {
                            // an extend call started after our take-over: the next try settles it first
                            return Uni.createFrom().failure(ChannelRefusals.deletionInProgress());
                        }
                        channel.state = ChannelState.DELETED;
                        channel.deletedAt = clock.instant();
                        channel.tokenSealed = null; // nothing left to use it for
                        channel.webhookSecretHash = null;
                        channel.previousWebhookSecretHash = null;
                        channel.previousWebhookSecretUntil = null;
                        channel.touch(clock.instant());
                        LOG.infof("channel %s deleted, %d unused day(s) back to the partner balance", id, unusedDays);
                        return events.append(new ChannelDeleted(channel.id.toString(), channel.customerId, unusedDays));
                    });
        }));
    }

    /** Whole days left before activeTill: what WHAPI gives back to the partner balance on delete. */
    static long unusedDays(Instant activeTill, Instant now) {
        if (activeTill == null || !activeTill.isAfter(now)) {
            return 0;
        }
        return Duration.between(now, activeTill).toMillis() / DAY.toMillis();
    }
}
