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
import app.reseller.channel.service.WhapiSettingsService.PartnerCredentials;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

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
 *       (ChannelExtended), else it did not and may be tried again later.</li>
 * </ol>
 * A request whose "call started" is committed is only ever verified, never called blindly, also
 * after a crash: a replica that takes over an expired lease verifies first.
 */
@ApplicationScoped
public class ExtensionExecutor {

    private static final Logger LOG = Logger.getLogger(ExtensionExecutor.class);
    private static final int BATCH = 10;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
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

    public ExtensionExecutor(ExtensionRequestRepository requests, ChannelRepository channels, WhapiSettingsService settings,
                             WhapiManager manager, ChannelEventsOutbox events, ModePromoter modes, ChannelConfig config,
                             MeterRegistry metrics) {
        this.requests = requests;
        this.channels = channels;
        this.settings = settings;
        this.manager = manager;
        this.events = events;
        this.modes = modes;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(every = "{channel.extension.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runOnce()
                .onFailure().invoke(e -> LOG.warnf("extension executor run failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Claims the due requests and works them off one after the other. @return how many were claimed */
    public Uni<Integer> runOnce() {
        return Panache.withTransaction(() -> requests.claimDue(BATCH, config.extension().lease()))
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(this::execute)
                        .collect().asList()
                        .replaceWith(ids.size()));
    }

    private record Work(ExtensionRequest request, Channel channel) {
    }

    private Uni<Void> execute(UUID requestId) {
        return Panache.withSession(() -> requests.findById(requestId)
                        .chain(request -> channels.findById(request.channelId).map(channel -> new Work(request, channel))))
                .chain(work -> {
                    ExtensionRequest request = work.request();
                    Channel channel = work.channel();
                    if (channel == null || channel.state != ChannelState.ACTIVE || channel.whapiId == null) {
                        return fail(request, "the channel does not exist or was deleted", false);
                    }
                    return settings.credentials().chain(credentials -> request.callStartedAt != null
                            ? verify(credentials, request, channel, request.activeTillBefore, null)
                            : callOnce(credentials, request, channel));
                })
                .onFailure().recoverWithUni(failure -> retryLater(requestId, failure, false));
    }

    private Uni<Void> callOnce(PartnerCredentials credentials, ExtensionRequest request, Channel channel) {
        return manager.get(credentials.authorization(), channel.whapiId)
                .onFailure(ChannelService::isNotFound).transform(gone -> new GoneAtWhapi())
                .map(WhapiChannel::activeTillInstant)
                .call(before -> markCallStarted(request.requestId, before))
                .chain(before -> manager.extend(credentials.authorization(), channel.whapiId, request.days, request.comment)
                        .replaceWith((Throwable) null)
                        .onFailure().recoverWithItem(failure -> failure)
                        .chain(failure -> {
                            if (failure == null) {
                                return readActiveTill(credentials, channel)
                                        .onFailure().recoverWithItem(() -> null)
                                        .chain(after -> succeed(request, channel, after != null ? after : estimate(before, request.days)));
                            }
                            if (failure instanceof WhapiException.Rejected refused) {
                                return refused(request, refused);
                            }
                            LOG.infof("extension %s: WHAPI's answer is unknown (%s); reading activeTill to decide",
                                    request.requestId, failure.toString());
                            return verify(credentials, request, channel, before, failure);
                        }))
                .onFailure(GoneAtWhapi.class).recoverWithUni(gone -> fail(request, "the channel is unknown at WHAPI", false));
    }

    /** Decides from WHAPI's activeTill whether an extend whose outcome is unknown took place. */
    private Uni<Void> verify(PartnerCredentials credentials, ExtensionRequest request, Channel channel, Instant before,
                             Throwable cause) {
        if (before == null) {
            LOG.errorf("extension %s: no activeTill was recorded before the call; it needs a person to check WHAPI",
                    request.requestId);
            return fail(request, "the outcome of the extend call could not be verified; an admin must check WHAPI", false);
        }
        return readActiveTill(credentials, channel).chain(now -> {
            if (now != null && !now.isBefore(before.plus(Duration.ofDays(request.days)).minus(TOLERANCE))) {
                metrics.counter("whapi.extend.verified", "outcome", "applied").increment();
                LOG.infof("extension %s: activeTill moved from %s to %s, the extend took place", request.requestId, before, now);
                return succeed(request, channel, now);
            }
            metrics.counter("whapi.extend.verified", "outcome", "not-applied").increment();
            return retryLater(request.requestId, cause == null ? new IllegalStateException("extend did not take place") : cause, true);
        });
    }

    private Uni<Instant> readActiveTill(PartnerCredentials credentials, Channel channel) {
        return manager.get(credentials.authorization(), channel.whapiId).map(WhapiChannel::activeTillInstant);
    }

    private Uni<Void> refused(ExtensionRequest request, WhapiException.Rejected refused) {
        if (refused.isExtendBlock()) {
            Duration wait = refused.retryAfter() != null ? refused.retryAfter() : config.extension().whapiBlock();
            LOG.infof("extension %s: WHAPI blocks repeated extends of the channel; queued for %s", request.requestId, wait);
            return reschedule(request.requestId, wait, "WHAPI's extend block: " + refused.whapiMessage());
        }
        if (refused.status() == 404) {
            return fail(request, "the channel is unknown at WHAPI", false);
        }
        boolean balance = refused.whapiMessage().toLowerCase().contains("days")
                || refused.whapiMessage().toLowerCase().contains("balance");
        return fail(request, balance ? "the partner balance at WHAPI is too low: " + refused.whapiMessage()
                : "WHAPI refused the extend: " + refused.whapiMessage(), balance);
    }

    // ---- state changes, each in its own transaction ----

    private Uni<Void> markCallStarted(UUID requestId, Instant before) {
        return Panache.withTransaction(() -> requests.findById(requestId).invoke(request -> {
            request.activeTillBefore = before;
            request.callStartedAt = Instant.now();
            request.updatedAt = Instant.now();
        })).replaceWithVoid();
    }

    private Uni<Void> succeed(ExtensionRequest request, Channel channel, Instant activeTill) {
        return Panache.withTransaction(() -> requests.findById(request.requestId, LockModeType.PESSIMISTIC_WRITE)
                        .chain(stored -> {
                            if (stored.state == ExtensionRequest.State.EXTENDED || stored.state == ExtensionRequest.State.FAILED) {
                                return Uni.createFrom().item(false);
                            }
                            stored.state = ExtensionRequest.State.EXTENDED;
                            stored.activeTillAfter = activeTill;
                            stored.leaseUntil = null;
                            stored.updatedAt = Instant.now();
                            return channels.findById(channel.id).chain(c -> {
                                c.activeTill = activeTill;
                                c.paid = true;
                                c.touch();
                                return events.append(c.id, ChannelExtended.TYPE,
                                        new ChannelExtended(stored.requestId, c.id.toString(), stored.days, activeTill));
                            }).replaceWith(true);
                        }))
                .invoke(changed -> {
                    if (changed) {
                        metrics.counter("whapi.extensions", "outcome", "extended").increment();
                    }
                })
                .call(changed -> changed ? modes.promote(channel.id) : Uni.createFrom().voidItem())
                .replaceWithVoid();
    }

    private Uni<Void> fail(ExtensionRequest request, String reason, boolean retryable) {
        LOG.warnf("extension %s failed for good: %s", request.requestId, reason);
        return Panache.withTransaction(() -> requests.findById(request.requestId, LockModeType.PESSIMISTIC_WRITE)
                .chain(stored -> {
                    if (stored.state == ExtensionRequest.State.EXTENDED || stored.state == ExtensionRequest.State.FAILED) {
                        return Uni.createFrom().voidItem();
                    }
                    stored.state = ExtensionRequest.State.FAILED;
                    stored.lastError = reason;
                    stored.leaseUntil = null;
                    stored.updatedAt = Instant.now();
                    metrics.counter("whapi.extensions", "outcome", "failed").increment();
                    return events.append(stored.channelId, ChannelExtensionFailed.TYPE,
                            new ChannelExtensionFailed(stored.requestId, stored.channelId.toString(), reason, retryable));
                }));
    }

    /** Waits without counting an attempt (WHAPI's extend block): the request is fine, WHAPI asks for patience. */
    private Uni<Void> reschedule(UUID requestId, Duration wait, String why) {
        return Panache.withTransaction(() -> requests.findById(requestId).invoke(stored -> {
            stored.state = ExtensionRequest.State.PENDING;
            stored.callStartedAt = null; // WHAPI refused: nothing happened, so the next try may call again
            stored.nextAttemptAt = Instant.now().plus(wait);
            stored.leaseUntil = null;
            stored.lastError = why;
            stored.updatedAt = Instant.now();
        })).replaceWithVoid();
    }

    /**
     * A transient failure: try again after a growing pause. {@code provenNotApplied} clears "call
     * started" (activeTill showed the extend did not happen); otherwise a started call stays
     * "to verify". A request that was never applied is given up after maxAttempts; one whose outcome
     * is unknown is never given up (its days may be on the channel), it keeps being verified.
     */
    private Uni<Void> retryLater(UUID requestId, Throwable failure, boolean provenNotApplied) {
        return Panache.withTransaction(() -> requests.findById(requestId, LockModeType.PESSIMISTIC_WRITE).chain(stored -> {
            if (stored == null || stored.state == ExtensionRequest.State.EXTENDED || stored.state == ExtensionRequest.State.FAILED) {
                return Uni.createFrom().voidItem();
            }
            if (provenNotApplied) {
                stored.callStartedAt = null;
            }
            stored.attempts++;
            String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            if (stored.callStartedAt == null && stored.attempts >= config.extension().maxAttempts()) {
                stored.state = ExtensionRequest.State.FAILED;
                stored.lastError = error;
                stored.leaseUntil = null;
                stored.updatedAt = Instant.now();
                metrics.counter("whapi.extensions", "outcome", "failed").increment();
                return events.append(stored.channelId, ChannelExtensionFailed.TYPE, new ChannelExtensionFailed(stored.requestId,
                        stored.channelId.toString(), "WHAPI kept failing: " + error, true));
            }
            Duration backoff = backoff(stored.attempts);
            stored.state = ExtensionRequest.State.PENDING;
            stored.nextAttemptAt = Instant.now().plus(backoff);
            stored.leaseUntil = null;
            stored.lastError = error;
            stored.updatedAt = Instant.now();
            LOG.infof("extension %s: attempt %d failed (%s); next in %s", requestId, stored.attempts, error, backoff);
            return Uni.createFrom().voidItem();
        }));
    }

    Duration backoff(int attempts) {
        Duration first = config.extension().retryBackoff();
        Duration next = first.multipliedBy(1L << Math.min(10, Math.max(0, attempts - 1)));
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private static Instant estimate(Instant before, int days) {
        Instant base = before == null || before.isBefore(Instant.now()) ? Instant.now() : before;
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
