package app.reseller.billing.service;

import app.reseller.billing.Plan;
import app.reseller.billing.repository.PlanRepository;
import app.reseller.billing.rest.PlanRequest;
import app.reseller.platform.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PlanService {

    private final PlanRepository plans;

    public PlanService(PlanRepository plans) {
        this.plans = plans;
    }

    @WithTransaction
    public Uni<Plan> create(PlanRequest request) {
        Plan plan = new Plan();
        plan.id = UUID.randomUUID();
        plan.active = true;
        plan.createdAt = Instant.now();
        apply(plan, request);
        return plans.persist(plan);
    }

    @WithTransaction
    public Uni<Plan> update(UUID id, PlanRequest request) {
        return find(id).invoke(plan -> apply(plan, request));
    }

    /** Retired plans stay (subscriptions refer to them) but can no longer be subscribed to. */
    @WithTransaction
    public Uni<Plan> retire(UUID id) {
        return find(id).invoke(plan -> {
            plan.active = false;
            plan.updatedAt = Instant.now();
        });
    }

    @WithSession
    public Uni<Plan> find(UUID id) {
        return plans.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Plan", id));
    }

    @WithSession
    public Uni<List<Plan>> list(boolean includeRetired) {
        return includeRetired ? plans.listAllByName() : plans.listActive();
    }

    private static void apply(Plan plan, PlanRequest request) {
        plan.name = request.name().trim();
        plan.maxChannels = request.maxChannels();
        plan.periodDays = request.periodDays();
        plan.extensionDays = request.extensionDays();
        plan.priceAmount = request.price();
        plan.currency = request.currency().toUpperCase();
        plan.updatedAt = Instant.now();
    }
}
