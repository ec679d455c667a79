package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.ExtensionRequest;
import app.reseller.channel.client.WhapiChannel;
import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.channel.repository.ExtensionRequestRepository;
import app.reseller.channel.repository.ExtensionRequestRepository.Claim;
import app.reseller.channel.service.WhapiSettingsService.PartnerCredentials;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import app.reseller.platform.events.TraceParent;
import app.reseller.platform.events.TracedWork;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Works off stored extension requests: calls WHAPI's extend AT MOST ONCE per requestId (invariant 3).
 *
 * <p>WHAPI's extend is not idempotent and its answer can be lost. So, per request:
 * <ol>
 *   <li>read the channel's activeTill at WHAPI and commit it, with "call started", BEFORE calling;</li>
 *   <li>call extend once;</li>
 *   <li>on success: ChannelExtended. On a 4xx: WHAPI refused, nothing happened (the per-channel extend
 *       block waits and tries again; anything else is ChannelExtensionFailed). On a timeout, lost
 *       answer or 5xx: read activeTill again; if it moved by the days, the extend happened
 *       (ChannelExtended). If it did not move, it is only taken as "not applied" once the settle
 *       window has passed since the call started (WHAPI may apply an extend after our timeout).</li>
 * </ol>
 * A request whose "call started" is committed is only ever verified, never called blindly, also
 * after a crash: a replica that takes over an expired lease verifies first.
 *
 * <p>Fencing: every claim gives the row a new token, and every later write names it (see
 * {@link ExtensionRequestRepository}). A worker whose lease expired and was taken over, by another
 * replica or by a delete settling the channel, changes nothing and calls nothing more.
 */
@ApplicationScoped
public class ExtensionExecutor {

    private static final Logger LOG = Logger.getLogger(ExtensionExecutor.class);
    private static final int BATCH = 10;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    /** While a channel is being created or deleted, its requests wait this long between looks. */
    private static final Duration CHANNEL_BUSY = Duration.ofSeconds(5);
    /** WHAPI may round activeTill; a move short of the days by less than this still counts. */
    private static final Duration TOLERANCE = Duration.ofHours(1);

    private final ExtensionRequestRepository requests;
    private final ChannelRepository channels;
    private final WhapiSettingsService settings;
    private final WhapiManager manager;
    private final ChannelEventsOutbox events;
    private final ModePromoter modes;
    private final ChannelConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final TracedWork tracing;

    public ExtensionExecutor(ExtensionRequestRepository requests, ChannelRepository channels, WhapiSettingsService settings,
                             WhapiManager manager, ChannelEventsOutbox events, ModePromoter modes, ChannelConfig config,
                             MeterRegistry metrics, Clock clock, TracedWork tracing) {
        this.tracing = tracing;
        this.requests = requests;
        this.channels = channels;
        this.settings = settings;
        this.manager = manager;
        this.events = events;
        this.modes = modes;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(every = "{channel.extension.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runOnce()
                .onFailure().invoke(e -> LOG.warnf("extension executor run failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Claims the due requests and works them off one after the other. @return how many were claimed */
    public Uni<Integer> runOnce() {
        return Panache.withTransaction(() -> requests.claimDue(BATCH, config.extension().lease(), clock.instant()))
                .chain(claims -> Multi.createFrom().iterable(claims)
                        .onItem().transformToUniAndConcatenate(this::execute)
                        .collect().asList()
                        .replaceWith(claims.size()));
    }

    private record Work(Claim claim, ExtensionRequest request, Channel channel) {
    }

    private Uni<Void> execute(Claim claim) {
        // the batch was claimed at once: renew this one's lease before working it, or drop it if lost
        return Panache.withTransaction(() -> requests.renew(claim, config.extension().lease(), clock.instant()))
                .chain(held -> held ? load(claim) : Uni.createFrom().nullItem())
                .chain(work -> work == null ? lostClaim(claim)
                        // in the trace of the request that asked for it (the admin's, or the automatic allocation's)
                        : tracing.run("extend channel at WHAPI", SpanKind.INTERNAL, TraceParent.parse(work.request().traceparent),
                                () -> decide(work)))
                .onFailure().recoverWithUni(failure -> retryLater(claim, failure, false));
    }

    private Uni<Work> load(Claim claim) {
        return Panache.withSession(() -> requests.held(claim).chain(request -> request == null
                ? Uni.createFrom().nullItem()
                : channels.findById(request.channelId).map(channel -> new Work(claim, request, channel))));
    }

    private Uni<Void> decide(Work work) {
        ExtensionRequest request = work.request();
        Channel channel = work.channel();
        if (channel == null || channel.whapiId == null && channel.state != ChannelState.CREATING
                || channel.state == ChannelState.DELETED || channel.state == ChannelState.FAILED) {
            if (request.callStartedAt != null) {
                // a delete settles every started request before the channel is DELETED, so this is a row from before that rule
                LOG.errorf("extension %s: its call started but channel %s is gone; failing it (check WHAPI's billing history)",
                        request.requestId, request.channelId);
            }
            return fail(work.claim(), request, "the channel does not exist or was deleted", false);
        }
        if (channel.state == ChannelState.CREATING || channel.state == ChannelState.DELETING) {
            // a delete settles the channel's requests itself; a channel being created is not extendable yet
            return wait(work.claim(), CHANNEL_BUSY, "the channel is " + channel.state.name().toLowerCase());
        }
        return settings.credentials().chain(credentials -> request.callStartedAt != null
                ? verify(credentials, work, request.activeTillBefore, request.callStartedAt, null)
                : callOnce(credentials, work));
    }

    private Uni<Void> callOnce(PartnerCredentials credentials, Work work) {
        ExtensionRequest request = work.request();
        Channel channel = work.channel();
        Instant startedAt = clock.instant();
        return manager.get(credentials.authorization(), channel.whapiId)
                .onFailure(WhapiException::isNotFound).transform(gone -> new GoneAtWhapi())
                .map(WhapiChannel::activeTillInstant)
                .chain(before -> Panache.withTransaction(() -> requests.markCallStarted(work.claim(), before, startedAt))
                        .chain(started -> started ? callExtend(credentials, work, before, startedAt) : lostClaim(work.claim())))
                .onFailure(GoneAtWhapi.class).recoverWithUni(gone -> fail(work.claim(), request, "the channel is unknown at WHAPI", false));
    }

    private Uni<Void> callExtend(PartnerCredentials credentials, Work work, Instant before, Instant startedAt) {
        ExtensionRequest request = work.request();
        return manager.extend(credentials.authorization(), work.channel().whapiId, request.days, request.comment)
                .replaceWith((Throwable) null)
                .onFailure().recoverWithItem(failure -> failure)
                .chain(failure -> {
                    if (failure == null) {
                        return readActiveTill(credentials, work.channel())
                                .onFailure().recoverWithItem(() -> null)
                                .chain(after -> succeed(work.claim(), request, after != null ? after : estimate(before, request.days)));
                    }
                    if (failure instanceof WhapiException.Rejected refused) {
                        return refused(work.claim(), request, refused);
                    }
                    if (failure instanceof WhapiException.Transient t && (t.status() == 503 || t.status() == 429)) {
                        // WHAPI answered that it did not take the request: nothing happened, it may be called again
                        return retryLater(work.claim(), failure, true);
                    }
                    LOG.infof("extension %s: WHAPI's answer is unknown (%s); reading activeTill to decide",
                            request.requestId, failure.toString());
                    return verify(credentials, work, before, startedAt, failure);
                });
    }

    /** Decides from WHAPI's activeTill whether an extend whose outcome is unknown took place. */
    private Uni<Void> verify(PartnerCredentials credentials, Work work, Instant before, Instant startedAt, Throwable cause) {
        ExtensionRequest request = work.request();
        if (before == null) {
            LOG.errorf("extension %s: no activeTill was recorded before the call; it needs a person to check WHAPI",
                    request.requestId);
            return fail(work.claim(), request, "the outcome of the extend call could not be verified; an admin must check WHAPI", false);
        }
        return readActiveTill(credentials, work.channel()).chain(now -> {
            if (applied(request, before, now)) {
                metrics.counter("whapi.extend.verified", "outcome", "applied").increment();
                LOG.infof("extension %s: activeTill moved from %s to %s, the extend took place", request.requestId, before, now);
                return succeed(work.claim(), request, now);
            }
            // WHAPI may still apply a call that timed out on our side: only after the settle window is "not moved" proof
            boolean settled = !clock.instant().isBefore(startedAt.plus(config.extension().settleWindow()));
            metrics.counter("whapi.extend.verified", "outcome", settled ? "not-applied" : "not-yet").increment();
            Throwable why = cause == null ? new IllegalStateException("extend did not take place") : cause;
            return retryLater(work.claim(), why, settled);
        });
    }

    private static boolean applied(ExtensionRequest request, Instant before, Instant now) {
        return before != null && now != null && !now.isBefore(before.plus(Duration.ofDays(request.days)).minus(TOLERANCE));
    }

    private Uni<Instant> readActiveTill(PartnerCredentials credentials, Channel channel) {
        return manager.get(credentials.authorization(), channel.whapiId).map(WhapiChannel::activeTillInstant);
    }

    private Uni<Void> refused(Claim claim, ExtensionRequest request, WhapiException.Rejected refused) {
        if (refused.isExtendBlock()) {
            Duration wait = refused.retryAfter() != null ? refused.retryAfter() : config.extension().whapiBlock();
            LOG.infof("extension %s: WHAPI blocks repeated extends of the channel; queued for %s", request.requestId, wait);
            // WHAPI refused: nothing happened, so the next try may call again
            return Panache.withTransaction(() -> requests.release(claim, clock.instant().plus(wait), false, true,
                    "WHAPI's extend block: " + refused.whapiMessage(), clock.instant())).replaceWithVoid();
        }
        if (refused.status() == 404) {
            return fail(claim, request, "the channel is unknown at WHAPI", false);
        }
        boolean balance = refused.whapiMessage().toLowerCase().contains("days")
                || refused.whapiMessage().toLowerCase().contains("balance");
        return fail(claim, request, balance ? "the partner balance at WHAPI is too low: " + refused.whapiMessage()
                : "WHAPI refused the extend: " + refused.whapiMessage(), balance);
    }

    // ---- the delete's side: it settles the channel's open requests before the channel goes ----

    /** Takes over the channel's open requests whose call may have reached WHAPI, fencing out their executor. */
    public Uni<List<Claim>> takeOverForDeletion(UUID channelId) {
        return Panache.withTransaction(() -> requests.takeOverStarted(channelId, config.extension().lease(), clock.instant()));
    }

    /**
     * Settles a taken-over request from the activeTill WHAPI reported after the take-over and
     * before the delete (null: the channel is gone at WHAPI). Applied: ChannelExtended, so billing
     * confirms the days before it refunds; not applied: ChannelExtensionFailed, the days go back.
     * An extend applied after this read is returned to the partner balance by WHAPI's delete itself.
     */
    public Uni<Void> settleForDeletion(Claim claim, Instant activeTillNow) {
        return Panache.withSession(() -> requests.held(claim)).chain(request -> {
            if (request == null) {
                return Uni.createFrom().voidItem();
            }
            return applied(request, request.activeTillBefore, activeTillNow)
                    ? succeed(claim, request, activeTillNow)
                    : fail(claim, request, "the channel was deleted before WHAPI applied the extension", false);
        });
    }

    /**
     * In the delete's own transaction: fails every open request of the channel whose call never
     * started (nothing reached WHAPI), with its ChannelExtensionFailed. @return how many
     */
    public Uni<Integer> failUnstartedForDeletion(UUID channelId) {
        String reason = "the channel was deleted before it was extended";
        return requests.failUnstarted(channelId, reason, clock.instant()).call(failed -> failed.isEmpty()
                ? Uni.createFrom().voidItem()
                : events.appendAll(failed.stream().map(id -> new ChannelExtensionFailed(id, channelId.toString(), reason, false)).toList()))
                .invoke(failed -> failed.forEach(id -> metrics.counter("whapi.extensions", "outcome", "failed").increment()))
                .map(List::size);
    }

    // ---- state changes, each in its own transaction, each fenced by the claim ----

    private Uni<Void> succeed(Claim claim, ExtensionRequest request, Instant activeTill) {
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

    private Uni<Void> fail(Claim claim, ExtensionRequest request, String reason, boolean retryable) {
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
    private Uni<Void> wait(Claim claim, Duration wait, String why) {
        return Panache.withTransaction(() -> requests.release(claim, clock.instant().plus(wait), false, false, why, clock.instant()))
                .replaceWithVoid();
    }

    /**
     * A transient failure: try again after a growing pause. {@code provenNotApplied} clears "call
     * started" (activeTill showed, after the settle window, that the extend did not happen);
     * otherwise a started call stays "to verify". A request that was never applied is given up after
     * maxAttempts; one whose outcome is unknown is never given up (its days may be on the channel),
     * it keeps being verified.
     */
    private Uni<Void> retryLater(Claim claim, Throwable failure, boolean provenNotApplied) {
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

    private Uni<Void> lostClaim(Claim claim) {
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

    private Instant estimate(Instant before, int days) {
        Instant now = clock.instant();
        Instant base = before == null || before.isBefore(now) ? now : before;
        return base.plus(Duration.ofDays(days));
    }

    /** WHAPI answered 404 for the channel itself: no extend can ever succeed. */
    private static final class GoneAtWhapi extends RuntimeException {
        GoneAtWhapi() {
            super("the channel is unknown at WHAPI", null, false, false);
        }
    }

    /** For tests and ops: the requests of one channel. */
    public Uni<List<ExtensionRequest>> requestsOf(UUID channelId) {
        return Panache.withSession(() -> requests.list("channelId", channelId));
    }
}
