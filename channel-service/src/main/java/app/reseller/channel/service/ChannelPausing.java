package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.client.WhapiChannel;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.channel.repository.ExtensionRequestRepository;
import app.reseller.channel.service.WhapiSettingsService.PartnerCredentials;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.events.StaleWrites;
import app.reseller.platform.events.contract.ChannelEvents.ChannelPaused;
import app.reseller.platform.events.contract.ChannelEvents.ChannelResumed;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.UUID;

/**
 * Pauses a channel (WHAPI's stop with saveDays, its saved days given back once) and resumes it
 * (WHAPI's start; days come again as an extension). A pause goes in steps that a crash, a repeat or
 * the reconciler can resume, like a delete (see {@link #pause}).
 */
@ApplicationScoped
public class ChannelPausing {

    private static final Logger LOG = Logger.getLogger(ChannelPausing.class);

    private final ChannelRepository channels;
    private final WhapiSettingsService settings;
    private final WhapiManager manager;
    private final ChannelEventsOutbox events;
    private final ExtensionClaims extensions;
    private final ExtensionRequestRepository extensionRequests;
    private final Clock clock;
    private final ChannelTrail trail;
    private final ChannelConfig config;

    public ChannelPausing(ChannelRepository channels, WhapiSettingsService settings, WhapiManager manager, ChannelEventsOutbox events,
                          ExtensionClaims extensions, ExtensionRequestRepository extensionRequests, Clock clock, ChannelTrail trail,
                          ChannelConfig config) {
        this.config = config;
        this.channels = channels;
        this.settings = settings;
        this.manager = manager;
        this.events = events;
        this.extensions = extensions;
        this.extensionRequests = extensionRequests;
        this.clock = clock;
        this.trail = trail;
    }

    /**
     * Pauses the channel:
     * <ol>
     *   <li>ACTIVE -> PAUSING (versioned): no sync, webhook, health restart or extension moves it now;</li>
     *   <li>open extensions whose call may have reached WHAPI are taken over and, once no call can still
     *       land (503 until the settle window has passed), settled from WHAPI's activeTill, so billing
     *       settles their days before it gives any back;</li>
     *   <li>that activeTill is kept on the row, once (a resumed pause keeps the first: by then WHAPI may
     *       have stopped the channel and its activeTill says nothing of the days saved);</li>
     *   <li>WHAPI's stop with saveDays (repeatable), then its activeTill after;</li>
     *   <li>PAUSING -> PAUSED under the row lock, failing every request that never started, with one
     *       ChannelPaused carrying the whole days between the two activeTills.</li>
     * </ol>
     * A paused channel answers as it is (a repeat changes nothing).
     */
    public Uni<Channel> pause(UUID id) {
        return beginPause(id).chain(channel -> channel.state == ChannelState.PAUSED ? Uni.createFrom().item(channel)
                : settings.credentials().chain(credentials -> settleAndStop(credentials, channel)));
    }

    private Uni<Channel> beginPause(UUID id) {
        return StaleWrites.inTransaction(() -> channels.findById(id).chain(channel -> {
            if (channel == null || channel.state == ChannelState.DELETED || channel.state == ChannelState.FAILED) {
                return Uni.createFrom().failure(new NotFound("channel", id));
            }
            if (channel.state == ChannelState.PAUSED || channel.state == ChannelState.PAUSING) {
                return Uni.createFrom().item(channel); // done, or a racing or crashed pause resumed (its entry is written)
            }
            if (channel.state != ChannelState.ACTIVE || channel.whapiId == null) {
                return Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
            }
            ChannelTrail.Snapshot before = ChannelTrail.Snapshot.of(channel);
            channel.state = ChannelState.PAUSING;
            channel.pauseActiveTill = null;
            channel.touch(clock.instant());
            return trail.changed("pauseChannel", channel, before, null).replaceWith(channel);
        }));
    }

    private Uni<Channel> settleAndStop(PartnerCredentials credentials, Channel channel) {
        return extensions.takeOverStarted(channel.id)
                .call(taken -> taken.isEmpty() ? Uni.createFrom().voidItem() : refuseWhileACallMayLand(channel.id))
                .chain(taken -> manager.get(credentials.authorization(), channel.whapiId)
                        .map(WhapiChannel::activeTillInstant)
                        .chain(activeTill -> Multi.createFrom().iterable(taken)
                                .onItem().transformToUniAndConcatenate(claim -> extensions.settleTakenOver(claim, activeTill, "paused"))
                                .collect().asList().replaceWith(activeTill)))
                .chain(activeTill -> rememberBefore(channel.id, activeTill))
                .chain(before -> manager.stopSavingDays(credentials.authorization(), channel.whapiId)
                        .chain(() -> manager.get(credentials.authorization(), channel.whapiId))
                        .map(WhapiChannel::activeTillInstant))
                .chain(after -> markPaused(channel.id, after));
    }

    /**
     * A taken-over extend whose call started less than the settle window ago may still land at WHAPI
     * after our read; after the stop it would put days on a stopped channel that nobody accounts for.
     * Unlike a delete (WHAPI refuses an extend of a deleted channel), a stop does not fence it out, so
     * the pause waits for the window: a repeat (or the reconciler) finishes it then.
     */
    private Uni<Void> refuseWhileACallMayLand(UUID channelId) {
        return Panache.withSession(() -> extensionRequests.latestOpenCallStart(channelId)).chain(started -> {
            Instant settled = started == null ? null : started.plus(config.extension().settleWindow());
            if (settled == null || !clock.instant().isBefore(settled)) {
                return Uni.createFrom().voidItem();
            }
            Duration wait = Duration.between(clock.instant(), settled).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
            return Uni.createFrom().failure(ChannelRefusals.pauseInProgress(wait));
        });
    }

    /** The activeTill before the stop, kept once: a pause resumed after the stop keeps the first one read. */
    private Uni<Instant> rememberBefore(UUID id, Instant activeTill) {
        return StaleWrites.inTransaction(() -> channels.findById(id).map(channel -> {
            if (channel.state == ChannelState.PAUSING && channel.pauseActiveTill == null) {
                channel.pauseActiveTill = activeTill == null ? channel.activeTill : activeTill;
            }
            return channel.pauseActiveTill;
        }));
    }

    private Uni<Channel> markPaused(UUID id, Instant after) {
        return Panache.withTransaction(() -> channels.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(channel -> {
            if (channel.state != ChannelState.PAUSING) {
                return Uni.createFrom().item(channel); // a racing pause got here first and emitted the event
            }
            return extensions.failUnstarted(id, "paused")
                    .chain(() -> extensionRequests.countOpen(id))
                    .chain(open -> {
                        if (open > 0) {
                            // an extend call started after our take-over: the next try settles it first
                            return Uni.createFrom().failure(ChannelRefusals.pauseInProgress());
                        }
                        Instant now = clock.instant();
                        long saved = savedDays(channel.pauseActiveTill, after == null ? now : after);
                        channel.state = ChannelState.PAUSED;
                        channel.activeTill = after == null ? now : after;
                        channel.pausedAt = now;
                        channel.touch(now);
                        LOG.infof("channel %s paused, %d saved day(s) back to the partner balance", id, saved);
                        return events.append(new ChannelPaused(channel.id.toString(), channel.customerId, saved)).replaceWith(channel);
                    });
        }));
    }

    /**
     * The whole days WHAPI withdrew: how far the stop moved activeTill back, read from WHAPI before and
     * after. Never from our clock: WHAPI counts the days left from its own "now", and ours may differ by
     * enough to cross a day boundary (the tests' sandbox runs hours ahead; in production it is seconds,
     * still one day wrong now and then). Whether WHAPI sets activeTill to its "now" or takes off whole
     * days, the whole days between before and after are the days it gave back.
     */
    static long savedDays(Instant before, Instant after) {
        if (before == null || !before.isAfter(after)) {
            return 0;
        }
        return Duration.between(after, before).toMillis() / Duration.ofDays(1).toMillis();
    }

    /**
     * Starts a paused channel again at WHAPI (repeatable), then PAUSED -> ACTIVE with ChannelResumed
     * (billing extends it for an AUTOMATIC customer; a MANUAL customer's admin gives it days). After a
     * crash between the two, a repeat starts it again (a no-op at WHAPI) and finishes. An ACTIVE
     * channel answers as it is.
     */
    public Uni<Channel> resume(UUID id) {
        return Panache.withSession(() -> channels.findById(id)).chain(channel -> {
            if (channel == null || channel.state == ChannelState.DELETED || channel.state == ChannelState.FAILED) {
                return Uni.createFrom().failure(new NotFound("channel", id));
            }
            if (channel.state == ChannelState.ACTIVE) {
                return Uni.createFrom().item(channel);
            }
            if (channel.state != ChannelState.PAUSED) {
                return Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
            }
            return settings.credentials().chain(credentials -> manager.start(credentials.authorization(), channel.whapiId))
                    .chain(() -> markResumed(id));
        });
    }

    private Uni<Channel> markResumed(UUID id) {
        return StaleWrites.inTransaction(() -> channels.findById(id).chain(channel -> {
            if (channel.state != ChannelState.PAUSED) {
                // a racing resume finished first (ACTIVE), or a delete began: nothing to do here
                return channel.state == ChannelState.ACTIVE ? Uni.createFrom().item(channel)
                        : Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
            }
            ChannelTrail.Snapshot before = ChannelTrail.Snapshot.of(channel);
            channel.state = ChannelState.ACTIVE;
            channel.pausedAt = null;
            channel.pauseActiveTill = null;
            channel.touch(clock.instant());
            LOG.infof("channel %s resumed", id);
            return trail.changed("resumeChannel", channel, before, null)
                    .chain(() -> events.append(new ChannelResumed(channel.id.toString(), channel.customerId)))
                    .replaceWith(channel);
        }));
    }
}
