package app.reseller.billing.service;

import app.reseller.billing.Plan;
import app.reseller.billing.repository.PlanRepository;
import app.reseller.billing.repository.SubscriptionRepository;
import app.reseller.billing.rest.PlanRequest;
import app.reseller.platform.events.contract.BillingEvents.PlanUpdated;
import app.reseller.platform.events.UniqueViolations;
import app.reseller.billing.BillingRefusal;
import app.reseller.platform.domain.NotFound;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import app.reseller.platform.events.activity.ActivityLog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class PlanService {

    private final PlanRepository plans;
    private final SubscriptionRepository subscriptions;
    private final EntitlementService entitlements;
    private final BillingEventsOutbox events;
    private final ActivityLog activity;
    private final Clock clock;

    public PlanService(PlanRepository plans, SubscriptionRepository subscriptions, EntitlementService entitlements,
                       BillingEventsOutbox events, ActivityLog activity, Clock clock) {
        this.activity = activity;
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.entitlements = entitlements;
        this.events = events;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Plan> create(PlanRequest request) {
        Plan plan = new Plan();
        plan.id = UUID.randomUUID();
        plan.active = true;
        plan.createdAt = clock.instant();
        apply(plan, request);
        return plans.persist(plan).call(plans::flush).onFailure(PlanService::nameTaken).transform(taken -> nameTaken(plan.name))
                .call(created -> activity.record("createPlan", null, "PLAN:" + created.id, null, null, snapshot(created)));
    }

    /** A plan as the activity trail shows it before and after a change. */
    static Map<String, Object> snapshot(Plan plan) {
        Map<String, Object> shown = new java.util.LinkedHashMap<>(Map.of("name", plan.name, "maxChannels", plan.maxChannels,
                "periodDays", plan.periodDays, "extensionDays", plan.extensionDays, "price", plan.priceAmount,
                "currency", plan.currency, "active", plan.active));
        if (plan.creationMinimumDays != null) {
            shown.put("creationMinimumDays", plan.creationMinimumDays);
        }
        return shown;
    }

    /** One active plan per name (case-insensitive, index plan_name_active): a second is a conflict, not a 500. */
    private static boolean nameTaken(Throwable failure) {
        return UniqueViolations.of(failure, "plan_name_active");
    }

    private static BillingRefusal nameTaken(String name) {
        return new BillingRefusal.PlanNameTaken(name);
    }

    /**
     * Changes a plan; every customer with an active subscription on it gets a new entitlement
     * snapshot (its channel limit reaches channel-service), and one PlanUpdated says so.
     */
    @WithTransaction
    public Uni<Plan> update(UUID id, PlanRequest request) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> before = new java.util.concurrent.atomic.AtomicReference<>();
        return find(id).invoke(plan -> before.set(snapshot(plan))).invoke(plan -> apply(plan, request))
                .call(plan -> plans.flush() // the snapshots below read the plan with SQL
                        .onFailure(PlanService::nameTaken).transform(taken -> nameTaken(plan.name)))
                .call(plan -> subscriptions.customersActiveOn(plan.id).chain(customers -> Multi.createFrom().iterable(customers)
                        .onItem().transformToUniAndConcatenate(entitlements::announce).collect().asList()
                        .chain(() -> events.appendAll(List.of(new PlanUpdated(plan.id, plan.name, plan.maxChannels, plan.periodDays, plan.extensionDays,
                                        customers.size()))))))
                .call(plan -> activity.record("updatePlan", null, "PLAN:" + plan.id, null, before.get(), snapshot(plan)));
    }

    /** Retired plans stay (subscriptions refer to them) but can no longer be subscribed to. */
    @WithTransaction
    public Uni<Plan> retire(UUID id) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> before = new java.util.concurrent.atomic.AtomicReference<>();
        return find(id).invoke(plan -> {
            before.set(snapshot(plan));
            plan.active = false;
            plan.updatedAt = clock.instant();
        }).call(plan -> activity.record("retirePlan", null, "PLAN:" + plan.id, null, before.get(), snapshot(plan)));
    }

    @WithSession
    public Uni<Plan> find(UUID id) {
        return plans.findById(id).onItem().ifNull().failWith(() -> new NotFound("Plan", id));
    }

    @WithSession
    public Uni<List<Plan>> list(boolean includeRetired) {
        return includeRetired ? plans.listAllByName() : plans.listActive();
    }

    private void apply(Plan plan, PlanRequest request) {
        plan.name = request.name().trim();
        plan.maxChannels = request.maxChannels();
        plan.periodDays = request.periodDays();
        plan.extensionDays = request.extensionDays();
        plan.creationMinimumDays = request.creationMinimumDays();
        plan.priceAmount = request.price();
        plan.currency = request.currency().toUpperCase();
        plan.updatedAt = clock.instant();
    }
}
