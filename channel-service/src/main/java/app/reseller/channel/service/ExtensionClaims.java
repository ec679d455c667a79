package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ExtensionRequest;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.channel.repository.ExtensionRequestRepository;
import app.reseller.channel.repository.ExtensionRequestRepository.Claim;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every write to a claimed extension request, each in its own transaction and each fenced by the
 * claim (see {@link ExtensionRequestRepository}): claiming, "call started", extended, failed,
 * waiting, retrying later, and the delete's take-over. A writer whose claim was taken over (by
 * another replica, or by a delete settling the channel) changes nothing: {@link #lostClaim}.
 * The {@link ExtensionExecutor} decides which of these happens; this class makes it durable and
 * emits the event that goes with it (ChannelExtended, ChannelExtensionFailed) in the same transaction.
 */
@ApplicationScoped
public class ExtensionClaims {

    private static final Logger LOG = Logger.getLogger(ExtensionClaims.class);
    private static final int BATCH = 10;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    /** WHAPI may round activeTill; a move short of the days by less than this still counts. */
    private static final Duration TOLERANCE = Duration.ofHours(1);

    /** A claimed request with its channel, as the executor works on it. */
    record Work(Claim claim, ExtensionRequest request, Channel channel) {
    }

    private final ExtensionRequestRepository requests;
    private final ChannelRepository channels;
    private final ChannelEventsOutbox events;
    private final ModePromoter modes;
    private final ChannelConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;

    public ExtensionClaims(ExtensionRequestRepository requests, ChannelRepository channels, ChannelEventsOutbox events,
                           ModePromoter modes, ChannelConfig config, MeterRegistry metrics, Clock clock) {
        this.requests = requests;
        this.channels = channels;
        this.events = events;
        this.modes = modes;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The due requests, claimed for this executor for one lease. */
    Uni<List<Claim>> claimDue() {
        return Panache.withTransaction(() -> requests.claimDue(BATCH, config.extension().lease(), clock.instant()));
    }

    /** Renews the claim's lease (the batch was claimed at once) and loads its work; null when the claim was lost. */
    Uni<Work> renewAndLoad(Claim claim) {
        return Panache.withTransaction(() -> requests.renew(claim, config.extension().lease(), clock.instant()))
                .chain(held -> !held ? Uni.createFrom().nullItem()
                        : Panache.withSession(() -> requests.held(claim).chain(request -> request == null
                        ? Uni.createFrom().nullItem()
                        : channels.findById(request.channelId).map(channel -> new Work(claim, request, channel)))));
    }

    /** Commits WHAPI's activeTill before the call and "call started", BEFORE the call. @return false: the claim was lost, or the channel is no longer ACTIVE (its pause or delete settles the request) */
    Uni<Boolean> markCallStarted(Claim claim, Instant activeTillBefore, Instant startedAt) {
        return Panache.withTransaction(() -> requests.markCallStarted(claim, activeTillBefore, startedAt));
    }

    /** Whether WHAPI's activeTill moved by the request's days since before the call. */
    static boolean applied(ExtensionRequest request, Instant before, Instant now) {
        return before != null && now != null && !now.isBefore(before.plus(Duration.ofDays(request.days)).minus(TOLERANCE));
    }

    void countVerified(String outcome) {
        metrics.counter("whapi.extend.verified", "outcome", outcome).increment();
    }

    // ---- a delete's or a pause's side: it settles the channel's open requests before the channel stops ----

    /** Takes over the channel's open requests whose call may have reached WHAPI, fencing out their executor. */
    public Uni<List<Claim>> takeOverStarted(UUID channelId) {
        return Panache.withTransaction(() -> requests.takeOverStarted(channelId, config.extension().lease(), clock.instant()));
    }

    /**
     * Settles a taken-over request from the activeTill WHAPI reported after the take-over and
     * before the delete (null: the channel is gone at WHAPI). Applied: ChannelExtended, so billing
     * confirms the days before it refunds; not applied: ChannelExtensionFailed, the days go back.
     * An extend applied after this read is returned to the partner balance by WHAPI's delete (or its
     * stop with saveDays) itself. {@code stopping}: "deleted" or "paused", for the failure's reason.
     */
    public Uni<Void> settleTakenOver(Claim claim, Instant activeTillNow, String stopping) {
        return Panache.withSession(() -> requests.held(claim)).chain(request -> {
            if (request == null) {
                return Uni.createFrom().voidItem();
            }
            return applied(request, request.activeTillBefore, activeTillNow)
                    ? succeed(claim, request, activeTillNow)
                    : fail(claim, request, "the channel was " + stopping + " before WHAPI applied the extension", false);
        });
    }

    /**
     * In the delete's (or pause's) own transaction: fails every open request of the channel whose call
     * never started (nothing reached WHAPI), with its ChannelExtensionFailed. @return how many
     */
    public Uni<Integer> failUnstarted(UUID channelId, String stopping) {
        String reason = "the channel was " + stopping + " before it was extended";
        return requests.failUnstarted(channelId, reason, clock.instant()).call(failed -> failed.isEmpty()
                ? Uni.createFrom().voidItem()
                : events.appendAll(failed.stream().map(id -> new ChannelExtensionFailed(id, channelId.toString(), reason, false)).toList()))
                .invoke(failed -> failed.forEach(id -> metrics.counter("whapi.extensions", "outcome", "failed").increment()))
                .map(List::size);
    }

    // ---- state changes, each in its own transaction, each fenced by the claim ----

    Uni<Void> succeed(Claim claim, ExtensionRequest request, Instant activeTill) {
        return Panache.withTransaction(() -> requests.markExtended(claim, activeTill, clock.instant()).call(extended -> extended
                        ? channels.recordExtension(request.channelId, activeTill, clock.instant())
                        .chain(() -> events.append(new ChannelExtended(request.requestId, request.channelId.toString(), request.days, activeTill)))
                        : Uni.createFrom().voidItem()))
                .call(extended -> {
                    if (!extended) {
                        return lostClaim(claim);
                    }
                    metrics.counter("whapi.extensions", "outcome", "extended").increment();
                    return modes.promote(request.channelId);
                })
                .replaceWithVoid();
    }

    Uni<Void> fail(Claim claim, ExtensionRequest request, String reason, boolean retryable) {
        return Panache.withTransaction(() -> requests.markFailed(claim, reason, clock.instant()).call(failed -> failed
                        ? events.append(new ChannelExtensionFailed(request.requestId, request.channelId.toString(), reason, retryable))
                        : Uni.createFrom().voidItem()))
                .call(failed -> {
                    if (!failed) {
                        return lostClaim(claim);
                    }
                    LOG.warnf("extension %s failed for good: %s", request.requestId, reason);
                    metrics.counter("whapi.extensions", "outcome", "failed").increment();
                    return Uni.createFrom().voidItem();
                })
                .replaceWithVoid();
    }

    /** Gives the claim back without counting an attempt (the channel is busy being created or deleted). */
    Uni<Void> wait(Claim claim, Duration wait, String why) {
        return Panache.withTransaction(() -> requests.release(claim, clock.instant().plus(wait), false, false, why, clock.instant()))
                .replaceWithVoid();
    }

    /** WHAPI refused for now (its extend block): nothing happened, so the next try calls again, without counting an attempt. */
    Uni<Void> waitForWhapi(Claim claim, Duration wait, String why) {
        return Panache.withTransaction(() -> requests.release(claim, clock.instant().plus(wait), false, true, why, clock.instant()))
                .replaceWithVoid();
    }

    /**
     * A transient failure: try again after a growing pause. {@code provenNotApplied} clears "call
     * started" (activeTill showed, after the settle window, that the extend did not happen);
     * otherwise a started call stays "to verify". A request that was never applied is given up after
     * maxAttempts; one whose outcome is unknown is never given up (its days may be on the channel),
     * it keeps being verified.
     */
    Uni<Void> retryLater(Claim claim, Throwable failure, boolean provenNotApplied) {
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return Panache.withTransaction(() -> requests.held(claim).chain(stored -> {
            if (stored == null) {
                return Uni.createFrom().item(false);
            }
            int attempts = stored.attempts + 1;
            boolean notApplied = provenNotApplied || stored.callStartedAt == null;
            if (notApplied && attempts >= config.extension().maxAttempts()) {
                return requests.markFailed(claim, error, clock.instant()).call(failed -> failed
                        ? events.append(new ChannelExtensionFailed(stored.requestId,
                        stored.channelId.toString(), "WHAPI kept failing: " + error, true))
                        : Uni.createFrom().voidItem());
            }
            Duration backoff = backoff(attempts);
            LOG.infof("extension %s: attempt %d failed (%s); next in %s", claim.requestId(), attempts, error, backoff);
            return requests.release(claim, clock.instant().plus(backoff), true, provenNotApplied, error, clock.instant());
        })).replaceWithVoid();
    }

    Uni<Void> lostClaim(Claim claim) {
        metrics.counter("whapi.extensions.claims.lost").increment();
        LOG.infof("extension %s: this executor's claim was taken over; it leaves the request to its new holder",
                claim.requestId());
        return Uni.createFrom().voidItem();
    }

    Duration backoff(int attempts) {
        Duration first = config.extension().retryBackoff();
        Duration next = first.multipliedBy(1L << Math.min(10, Math.max(0, attempts - 1)));
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    /** For tests and ops: the requests of one channel. */
    public Uni<List<ExtensionRequest>> requestsOf(UUID channelId) {
        return Panache.withSession(() -> requests.list("channelId", channelId));
    }
}
