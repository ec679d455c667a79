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

    /** A subscription as the activity trail shows it before and after a change. */
    record Snapshot(String status, UUID planId, Instant currentPeriodEnd) {
        static Snapshot of(Subscription s) {
            return new Snapshot(s.status.name(), s.planId, s.currentPeriodEnd);
        }
    }

    public SubscriptionService(SubscriptionRepository subscriptions, PlanRepository plans, CustomerSettingsRepository settings,
                               EntitlementService entitlements, BillingEventsOutbox events, Clock clock,
                               IdempotencyService idempotency, ActivityLog activity) {
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

    /** Another paid period, from the end of the current one. */
    public Uni<Subscription> renew(UUID id, String actor) {
        return StaleWrites.inTransaction(() -> find(id).invoke(s -> {
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
                .call(s -> subscriptions.flush())); // a lost version race shows here, inside the retried transaction
    }

    public Uni<Subscription> cancel(UUID id, String actor, String reason) {
        return StaleWrites.inTransaction(() -> end(id, SubscriptionStatus.CANCELLED, actor, reason == null ? "cancelled" : reason)
                .call(s -> activity.record("cancelSubscription", s.customerId, "SUBSCRIPTION:" + s.id, reason, null, Snapshot.of(s))));
    }

    /** Expires every subscription whose paid period has ended; each in its own transaction. */
    public Uni<Integer> expireEndedPeriods() {
        return idsOfEnded().chain(ids -> Uni.join().all(ids.stream()
                        .map(id -> expireOne(id).onFailure().recoverWithItem(false)).toList())
                .usingConcurrencyOf(1).andCollectFailures()
                .map(done -> (int) done.stream().filter(Boolean::booleanValue).count()))
                .onItem().ifNull().continueWith(0);
    }

    @WithSession
    Uni<List<UUID>> idsOfEnded() {
        return subscriptions.idsOfEndedPeriods(clock.instant(), 500);
    }

    @WithTransaction
    Uni<Boolean> expireOne(UUID id) {
        return find(id).chain(s -> s.status == SubscriptionStatus.ACTIVE && s.currentPeriodEnd.isBefore(clock.instant())
                ? end(id, SubscriptionStatus.EXPIRED, "system:expiry", "period ended").replaceWith(true)
                : Uni.createFrom().item(false));
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
