package app.reseller.billing.service;

import app.reseller.billing.AllocationMode;
import app.reseller.billing.Plan;
import app.reseller.billing.Subscription;
import app.reseller.billing.SubscriptionStatus;
import app.reseller.billing.repository.CustomerSettingsRepository;
import app.reseller.billing.repository.PlanRepository;
import app.reseller.billing.repository.SubscriptionRepository;
import app.reseller.platform.events.contract.BillingEvents.PlanActivated;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionEnded;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionLapsed;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionRestored;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionSuspended;
import app.reseller.platform.events.StaleWrites;
import app.reseller.billing.BillingRefusal;
import app.reseller.platform.domain.NotFound;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import app.reseller.platform.events.activity.ActivityLog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The subscription life cycle; every transition is recorded with who, when and why. */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);

    private final SubscriptionRepository subscriptions;
    private final PlanRepository plans;
    private final CustomerSettingsRepository settings;
    private final EntitlementService entitlements;
    private final BillingEventsOutbox events;
    private final Clock clock;
    private final IdempotencyService idempotency;
    private final ActivityLog activity;
    private final GracePolicy grace;

    /** A subscription as the activity trail shows it before and after a change. */
    record Snapshot(String status, UUID planId, Instant currentPeriodEnd) {
        static Snapshot of(Subscription s) {
            return new Snapshot(s.status.name(), s.planId, s.currentPeriodEnd);
        }
    }

    public SubscriptionService(SubscriptionRepository subscriptions, PlanRepository plans, CustomerSettingsRepository settings,
                               EntitlementService entitlements, BillingEventsOutbox events, Clock clock,
                               IdempotencyService idempotency, ActivityLog activity, GracePolicy grace) {
        this.grace = grace;
        this.activity = activity;
        this.idempotency = idempotency;
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.settings = settings;
        this.entitlements = entitlements;
        this.events = events;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Subscription> subscribe(String customerId, UUID planId, String actor) {
        return plans.findById(planId)
                .onItem().ifNull().failWith(() -> new NotFound("Plan", planId))
                .invoke(plan -> {
                    if (!plan.active) {
                        throw new BillingRefusal.PlanRetired(planId);
                    }
                })
                .chain(plan -> subscriptions.findLive(customerId))
                .invoke(live -> {
                    if (live != null) {
                        throw secondSubscription(live);
                    }
                })
                .chain(() -> {
                    Subscription s = new Subscription();
                    s.id = UUID.randomUUID();
                    s.customerId = customerId;
                    s.planId = planId;
                    s.status = SubscriptionStatus.PENDING_PAYMENT;
                    s.createdAt = clock.instant();
                    s.updatedAt = s.createdAt;
                    // flushed now: the transition row below refers to it by a foreign key; a concurrent
                    // subscribe of the same customer loses on the one-live-subscription index
                    return subscriptions.persistAndFlush(s)
                            .onFailure(ConstraintViolationException.class).transform(e -> new BillingRefusal.SubscriptionExists());
                })
                .call(s -> subscriptions.recordTransition(s.id, null, s.status, actor, "subscribed"));
    }

    /**
     * Subscribe once per Idempotency-Key: a repeat (a lost answer, a gateway 503) replays the first
     * answer instead of meeting "already has a subscription"; a different plan under the key is a 422.
     * {@code view} is how the resource shows the subscription (the answer stored for replays).
     */
    @WithTransaction
    public Uni<IdempotencyService.Answer> subscribeOnce(String customerId, UUID planId, String actor, String key,
                                                        java.util.function.Function<Subscription, ?> view) {
        return idempotency.once(customerId + ":subscribe", key, java.util.Map.of("planId", planId), 201,
                () -> subscribe(customerId, planId, actor)
                        .call(sub -> activity.record("subscribe", customerId, "SUBSCRIPTION:" + sub.id, null, null, Snapshot.of(sub)))
                        .map(view));
    }

    /** The admin saw the payment: the subscription starts its first paid period. */
    public Uni<Subscription> confirmPayment(UUID id, String actor) {
        return StaleWrites.inTransaction(() -> transition(id, SubscriptionStatus.ACTIVE, actor, "payment confirmed")
                .call(s -> plans.findById(s.planId).invoke(plan -> s.currentPeriodEnd = clock.instant().plus(Duration.ofDays(plan.periodDays)))
                        .call(plan -> subscriptions.recordPayment(s, plan, "FIRST_PERIOD", actor, clock.instant()))
                        .chain(plan -> events.append(new PlanActivated(s.customerId, s.id,
                                plan.id, plan.name, plan.maxChannels, plan.periodDays, s.currentPeriodEnd))))
                .call(s -> recorded("confirmSubscriptionPayment", s, SubscriptionStatus.PENDING_PAYMENT, null))
                .call(s -> entitlements.announce(s.customerId)))
                .invoke(s -> LOG.infof("subscription %s of customer %s is ACTIVE until %s: payment confirmed by %s", s.id, s.customerId,
                        s.currentPeriodEnd, actor));
    }

    /**
     * Another paid period: from the end of the current one, or, for a lapsed subscription (GRACE or
     * SUSPENDED), from now: it is ACTIVE again (SubscriptionRestored; channels a suspension paused run again).
     */
    public Uni<Subscription> renew(UUID id, String actor) {
        return StaleWrites.inTransaction(() -> find(id).chain(s -> s.status.lapsed() ? restored(s, actor) : renewed(s, actor)));
    }

    private Uni<Subscription> renewed(Subscription subscription, String actor) {
        return Uni.createFrom().item(subscription).invoke(s -> {
                    if (s.status != SubscriptionStatus.ACTIVE) {
                        throw illegal(s, SubscriptionStatus.ACTIVE);
                    }
                })
                .call(s -> plans.findById(s.planId).invoke(plan -> {
                    Instant now = clock.instant();
                    Instant from = s.currentPeriodEnd.isAfter(now) ? s.currentPeriodEnd : now;
                    s.currentPeriodEnd = from.plus(Duration.ofDays(plan.periodDays));
                    s.updatedAt = now;
                }).call(plan -> subscriptions.recordPayment(s, plan, "RENEWAL", actor, s.updatedAt)))
                .call(s -> subscriptions.recordTransition(s.id, SubscriptionStatus.ACTIVE, SubscriptionStatus.ACTIVE, actor, "renewed"))
                .call(s -> recorded("renewSubscription", s, SubscriptionStatus.ACTIVE, null))
                .call(s -> subscriptions.flush()); // a lost version race shows here, inside the retried transaction
    }

    private Uni<Subscription> restored(Subscription subscription, String actor) {
        SubscriptionStatus from = subscription.status;
        Instant now = clock.instant();
        return plans.findById(subscription.planId)
                .invoke(plan -> subscription.currentPeriodEnd = now.plus(Duration.ofDays(plan.periodDays)))
                .call(plan -> subscriptions.recordPayment(subscription, plan, "RENEWAL", actor, now))
                .chain(plan -> transition(subscription.id, SubscriptionStatus.ACTIVE, actor, "paid while " + from.name()))
                .invoke(s -> {
                    s.lapsedAt = null;
                    s.heldUntil = null;
                })
                .call(s -> subscriptions.flush())
                .call(s -> events.append(new SubscriptionRestored(s.customerId, s.id, from.name(), s.currentPeriodEnd)))
                .call(s -> entitlements.announce(s.customerId))
                .call(s -> recorded("renewSubscription", s, from, null))
                .invoke(s -> LOG.infof("subscription %s of customer %s paid while %s: ACTIVE until %s", s.id, s.customerId, from,
                        s.currentPeriodEnd));
    }

    /**
     * An operator holds a subscription at its step until {@code until} (null: the hold is released and
     * the next step is due as the policy says): an ACTIVE one does not lapse when its period ends (the
     * customer promised to pay), a GRACE one is not suspended, a SUSPENDED one does not expire.
     */
    public Uni<Subscription> hold(UUID id, Instant until, String actor, String reason) {
        return StaleWrites.inTransaction(() -> find(id).chain(s -> {
            if (!s.status.holdable()) {
                return Uni.createFrom().failure(new BillingRefusal.NotHoldable(s));
            }
            Hold before = new Hold(s.status.name(), s.heldUntil);
            s.heldUntil = until;
            s.updatedAt = clock.instant();
            String what = until == null ? "hold released" : "held until " + until;
            return subscriptions.recordTransition(s.id, s.status, s.status, actor, reason == null ? what : what + ": " + reason)
                    .call(() -> activity.record(until == null ? "releaseSubscriptionHold" : "holdSubscription", s.customerId,
                            "SUBSCRIPTION:" + s.id, reason, before, new Hold(s.status.name(), s.heldUntil)))
                    .call(() -> subscriptions.flush())
                    .replaceWith(s);
        }));
    }

    /** What the trail shows of a hold. */
    record Hold(String status, Instant heldUntil) {
    }

    public Uni<Subscription> cancel(UUID id, String actor, String reason) {
        return StaleWrites.inTransaction(() -> end(id, SubscriptionStatus.CANCELLED, actor, reason == null ? "cancelled" : reason)
                .call(s -> activity.record("cancelSubscription", s.customerId, "SUBSCRIPTION:" + s.id, reason, null, Snapshot.of(s))));
    }

    /**
     * Moves every subscription whose step is due, each in its own transaction (the grace policy,
     * docs/billing.md): an ended period lapses (GRACE; EXPIRED at once without a grace period), a grace
     * that ran out is SUSPENDED, a suspension that ran out EXPIRES. A held one waits. @return how many moved
     */
    public Uni<Integer> expireEndedPeriods() {
        Instant now = clock.instant();
        Instant graceOver = now.minus(grace.period());
        Instant suspensionOver = graceOver.minus(grace.suspension());
        return each(idsOfEnded(), this::expireOne)
                .chain(ended -> each(idsOfLapsed(SubscriptionStatus.GRACE, graceOver, now), this::suspendOne).map(n -> ended + n))
                .chain(moved -> each(idsOfLapsed(SubscriptionStatus.SUSPENDED, suspensionOver, now), this::endSuspendedOne)
                        .map(n -> moved + n));
    }

    private static Uni<Integer> each(Uni<List<UUID>> ids, java.util.function.Function<UUID, Uni<Boolean>> step) {
        return ids.chain(found -> found.isEmpty() ? Uni.createFrom().item(0) : Uni.join().all(found.stream()
                        .map(id -> step.apply(id).onFailure().recoverWithItem(false)).toList())
                .usingConcurrencyOf(1).andCollectFailures()
                .map(done -> (int) done.stream().filter(Boolean::booleanValue).count()));
    }

    @WithSession
    Uni<List<UUID>> idsOfEnded() {
        return subscriptions.idsOfEndedPeriods(clock.instant(), 500);
    }

    @WithSession
    Uni<List<UUID>> idsOfLapsed(SubscriptionStatus status, Instant lapsedBefore, Instant now) {
        return subscriptions.idsOfLapsedDue(status, lapsedBefore, now, 500);
    }

    /** ACTIVE past its period: GRACE (or EXPIRED when there is no grace period). Re-checked under this transaction. */
    @WithTransaction
    Uni<Boolean> expireOne(UUID id) {
        return find(id).chain(s -> {
            Instant now = clock.instant();
            if (s.status != SubscriptionStatus.ACTIVE || !s.currentPeriodEnd.isBefore(now) || (s.heldUntil != null && s.heldUntil.isAfter(now))) {
                return Uni.createFrom().item(false);
            }
            if (grace.period().isZero()) {
                return end(id, SubscriptionStatus.EXPIRED, "system:expiry", "period ended").replaceWith(true);
            }
            // a hold the operator gave the ACTIVE step (now over) moves the lapse to its end: the grace is not used up by it
            Instant lapsedAt = s.heldUntil != null && s.heldUntil.isAfter(s.currentPeriodEnd) ? s.heldUntil : s.currentPeriodEnd;
            s.lapsedAt = lapsedAt; // before the status: a GRACE row always has its start (subscription_lapsed_has_its_start)
            s.heldUntil = null;
            return transition(id, SubscriptionStatus.GRACE, "system:grace-policy", "period ended unpaid")
                    .call(x -> events.append(new SubscriptionLapsed(x.customerId, x.id, lapsedAt, lapsedAt.plus(grace.period()))))
                    .invoke(x -> LOG.infof("subscription %s of customer %s lapsed: GRACE until %s", x.id, x.customerId,
                            lapsedAt.plus(grace.period())))
                    .replaceWith(true);
        });
    }

    /** GRACE past its grace period (and not held): SUSPENDED; the customer may create nothing, its channels are paused. */
    @WithTransaction
    Uni<Boolean> suspendOne(UUID id) {
        return find(id).chain(s -> s.status != SubscriptionStatus.GRACE || !due(s, grace.period()) ? Uni.createFrom().item(false)
                : transition(id, SubscriptionStatus.SUSPENDED, "system:grace-policy", "unpaid after the grace period")
                        .call(x -> events.append(new SubscriptionSuspended(x.customerId, x.id,
                                x.lapsedAt.plus(grace.period()).plus(grace.suspension()))))
                        .call(x -> entitlements.announce(x.customerId))
                        .invoke(x -> LOG.infof("subscription %s of customer %s SUSPENDED: unpaid after the grace", x.id, x.customerId))
                        .replaceWith(true));
    }

    /** SUSPENDED past its suspension (and not held): EXPIRED, and the customer's channels are deleted. */
    @WithTransaction
    Uni<Boolean> endSuspendedOne(UUID id) {
        return find(id).chain(s -> s.status != SubscriptionStatus.SUSPENDED || !due(s, grace.period().plus(grace.suspension()))
                ? Uni.createFrom().item(false)
                : end(id, SubscriptionStatus.EXPIRED, "system:grace-policy", SubscriptionEnded.UNPAID).replaceWith(true));
    }

    /** Its step's time has come: {@code after} since it lapsed, and no operator holds it. */
    private boolean due(Subscription s, Duration after) {
        Instant now = clock.instant();
        return s.lapsedAt != null && !s.lapsedAt.plus(after).isAfter(now) && (s.heldUntil == null || !s.heldUntil.isAfter(now));
    }

    @WithTransaction
    public Uni<Void> setAllocationMode(String customerId, AllocationMode mode, String actor) {
        return settings.setMode(customerId, mode, actor).chain(() -> entitlements.announce(customerId))
                .call(() -> activity.record("setAllocationMode", customerId, "CUSTOMER:" + customerId, null, null,
                        java.util.Map.of("allocationMode", mode.name())));
    }

    @WithSession
    public Uni<Subscription> find(UUID id) {
        return subscriptions.findById(id).onItem().ifNull().failWith(() -> new NotFound("Subscription", id));
    }

    @WithSession
    public Uni<List<Subscription>> listOf(String customerId) {
        return subscriptions.listOf(customerId);
    }

    @WithSession
    public Uni<List<SubscriptionRepository.Transition>> history(UUID id) {
        return subscriptions.transitions(id);
    }

    @WithSession
    public Uni<Plan> planOf(Subscription s) {
        return plans.findById(s.planId);
    }

    /** The trail's entry of a transition: the status it came from (the period end before is not kept: the snapshot after has it). */
    private Uni<Void> recorded(String action, Subscription s, SubscriptionStatus from, String reason) {
        return activity.record(action, s.customerId, "SUBSCRIPTION:" + s.id, reason, java.util.Map.of("status", from.name()), Snapshot.of(s));
    }

    private Uni<Subscription> end(UUID id, SubscriptionStatus to, String actor, String reason) {
        return transition(id, to, actor, reason)
                .call(s -> events.append(new SubscriptionEnded(s.customerId, s.id, to.name(), reason)))
                .call(s -> entitlements.announce(s.customerId));
    }

    private Uni<Subscription> transition(UUID id, SubscriptionStatus to, String actor, String reason) {
        return find(id).invoke(s -> {
                    if (!s.status.canMoveTo(to)) {
                        throw illegal(s, to);
                    }
                })
                .call(s -> subscriptions.recordTransition(s.id, s.status, to, actor, reason))
                .invoke(s -> {
                    s.status = to;
                    s.updatedAt = clock.instant();
                })
                // flush now: the entitlement snapshot that follows reads the new status with SQL
                .call(s -> subscriptions.flush());
    }

    private static BillingRefusal illegal(Subscription s, SubscriptionStatus to) {
        return new BillingRefusal.IllegalTransition(s, to);
    }

    static BillingRefusal secondSubscription(Subscription live) {
        return new BillingRefusal.SubscriptionExists(live);
    }
}
