package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.ExtensionRequest;
import app.reseller.channel.client.WhapiChannel;
import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ExtensionRequestRepository.Claim;
import app.reseller.channel.service.WhapiSettingsService.PartnerCredentials;
import app.reseller.platform.events.TraceParent;
import app.reseller.platform.events.TracedWork;
import app.reseller.platform.events.WaitedForAtShutdown;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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
 * {@link ExtensionClaims}, which makes each decision durable). A worker whose lease expired and
 * was taken over, by another replica or by a delete settling the channel, changes nothing and
 * calls nothing more.
 */
@ApplicationScoped
public class ExtensionExecutor {

    private static final Logger LOG = Logger.getLogger(ExtensionExecutor.class);
    /** While a channel is being created or deleted, its requests wait this long between looks. */
    private static final Duration CHANNEL_BUSY = Duration.ofSeconds(5);

    private final ExtensionClaims claims;
    private final WhapiSettingsService settings;
    private final WhapiManager manager;
    private final ChannelConfig config;
    private final Clock clock;
    private final TracedWork tracing;

    public ExtensionExecutor(ExtensionClaims claims, WhapiSettingsService settings, WhapiManager manager, ChannelConfig config,
                             Clock clock, TracedWork tracing) {
        this.claims = claims;
        this.settings = settings;
        this.manager = manager;
        this.config = config;
        this.clock = clock;
        this.tracing = tracing;
    }

    @WaitedForAtShutdown
    @Scheduled(every = "{channel.extension.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runOnce()
                .onFailure().invoke(e -> LOG.warnf("extension executor run failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Claims the due requests and works them off one after the other. @return how many were claimed */
    public Uni<Integer> runOnce() {
        return claims.claimDue()
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(this::execute)
                        .collect().asList()
                        .replaceWith(due.size()));
    }

    private Uni<Void> execute(Claim claim) {
        return claims.renewAndLoad(claim)
                .chain(work -> work == null ? claims.lostClaim(claim)
                        // in the trace of the request that asked for it (the admin's, or the automatic allocation's)
                        : tracing.run("extend channel at WHAPI", SpanKind.INTERNAL, TraceParent.parse(work.request().traceparent),
                                () -> decide(work)))
                .onFailure().recoverWithUni(failure -> claims.retryLater(claim, failure, false));
    }

    private Uni<Void> decide(ExtensionClaims.Work work) {
        ExtensionRequest request = work.request();
        Channel channel = work.channel();
        if (channel == null || channel.whapiId == null && channel.state != ChannelState.CREATING
                || channel.state == ChannelState.DELETED || channel.state == ChannelState.FAILED) {
            if (request.callStartedAt != null) {
                // a delete settles every started request before the channel is DELETED, so this is a row from before that rule
                LOG.errorf("extension %s: its call started but channel %s is gone; failing it (check WHAPI's billing history)",
                        request.requestId, request.channelId);
            }
            return claims.fail(work.claim(), request, "the channel does not exist or was deleted", false);
        }
        if (channel.state == ChannelState.PAUSED) {
            // the pause gave its days back and WHAPI holds it stopped: billing releases these days (resume, then extend)
            return claims.fail(work.claim(), request, "the channel is paused", false);
        }
        if (channel.state == ChannelState.CREATING || channel.state == ChannelState.DELETING || channel.state == ChannelState.PAUSING) {
            // a delete or pause settles the channel's requests itself; a channel being created is not extendable yet
            return claims.wait(work.claim(), CHANNEL_BUSY, "the channel is " + channel.state.name().toLowerCase());
        }
        return settings.credentials().chain(credentials -> request.callStartedAt != null
                ? verify(credentials, work, request.activeTillBefore, request.callStartedAt, null)
                : callOnce(credentials, work));
    }

    private Uni<Void> callOnce(PartnerCredentials credentials, ExtensionClaims.Work work) {
        ExtensionRequest request = work.request();
        Channel channel = work.channel();
        Instant startedAt = clock.instant();
        return manager.get(credentials.authorization(), channel.whapiId)
                .onFailure(WhapiException::isNotFound).transform(gone -> new GoneAtWhapi())
                .map(WhapiChannel::activeTillInstant)
                .chain(before -> claims.markCallStarted(work.claim(), before, startedAt)
                        .chain(started -> started ? callExtend(credentials, work, before, startedAt) : claims.lostClaim(work.claim())))
                .onFailure(GoneAtWhapi.class).recoverWithUni(gone -> claims.fail(work.claim(), request, "the channel is unknown at WHAPI", false));
    }

    private Uni<Void> callExtend(PartnerCredentials credentials, ExtensionClaims.Work work, Instant before, Instant startedAt) {
        ExtensionRequest request = work.request();
        return manager.extend(credentials.authorization(), work.channel().whapiId, request.days, request.comment)
                .replaceWith((Throwable) null)
                .onFailure().recoverWithItem(failure -> failure)
                .chain(failure -> {
                    if (failure == null) {
                        return readActiveTill(credentials, work.channel())
                                .onFailure().recoverWithItem(() -> null)
                                .chain(after -> claims.succeed(work.claim(), request, after != null ? after : estimate(before, request.days)));
                    }
                    if (failure instanceof WhapiException.Rejected refused) {
                        return refused(work.claim(), request, refused);
                    }
                    if (failure instanceof WhapiException.Transient t && (t.status() == 503 || t.status() == 429)) {
                        // WHAPI answered that it did not take the request: nothing happened, it may be called again
                        return claims.retryLater(work.claim(), failure, true);
                    }
                    LOG.infof("extension %s: WHAPI's answer is unknown (%s); reading activeTill to decide",
                            request.requestId, failure.toString());
                    return verify(credentials, work, before, startedAt, failure);
                });
    }

    /** Decides from WHAPI's activeTill whether an extend whose outcome is unknown took place. */
    private Uni<Void> verify(PartnerCredentials credentials, ExtensionClaims.Work work, Instant before, Instant startedAt, Throwable cause) {
        ExtensionRequest request = work.request();
        if (before == null) {
            LOG.errorf("extension %s: no activeTill was recorded before the call; it needs a person to check WHAPI",
                    request.requestId);
            return claims.fail(work.claim(), request, "the outcome of the extend call could not be verified; an admin must check WHAPI", false);
        }
        return readActiveTill(credentials, work.channel()).chain(now -> {
            if (ExtensionClaims.applied(request, before, now)) {
                claims.countVerified("applied");
                LOG.infof("extension %s: activeTill moved from %s to %s, the extend took place", request.requestId, before, now);
                return claims.succeed(work.claim(), request, now);
            }
            // WHAPI may still apply a call that timed out on our side: only after the settle window is "not moved" proof
            boolean settled = !clock.instant().isBefore(startedAt.plus(config.extension().settleWindow()));
            claims.countVerified(settled ? "not-applied" : "not-yet");
            Throwable why = cause == null ? new IllegalStateException("extend did not take place") : cause;
            return claims.retryLater(work.claim(), why, settled);
        });
    }

    private Uni<Instant> readActiveTill(PartnerCredentials credentials, Channel channel) {
        return manager.get(credentials.authorization(), channel.whapiId).map(WhapiChannel::activeTillInstant);
    }

    private Uni<Void> refused(Claim claim, ExtensionRequest request, WhapiException.Rejected refused) {
        if (refused.isExtendBlock()) {
            Duration wait = refused.retryAfter() != null ? refused.retryAfter() : config.extension().whapiBlock();
            LOG.infof("extension %s: WHAPI blocks repeated extends of the channel; queued for %s", request.requestId, wait);
            // WHAPI refused: nothing happened, so the next try may call again
            return claims.waitForWhapi(claim, wait, "WHAPI's extend block: " + refused.whapiMessage());
        }
        if (refused.status() == 404) {
            return claims.fail(claim, request, "the channel is unknown at WHAPI", false);
        }
        boolean balance = refused.whapiMessage().toLowerCase().contains("days")
                || refused.whapiMessage().toLowerCase().contains("balance");
        return claims.fail(claim, request, balance ? "the partner balance at WHAPI is too low: " + refused.whapiMessage()
                : "WHAPI refused the extend: " + refused.whapiMessage(), balance);
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


}
