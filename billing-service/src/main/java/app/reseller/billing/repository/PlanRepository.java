package app.reseller.billing.repository;

import app.reseller.billing.Plan;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class PlanRepository implements PanacheRepositoryBase<Plan, UUID> {

    public Uni<List<Plan>> listActive() {
        return list("active = true order by name");
    }

    public Uni<List<Plan>> listAllByName() {
        return list("order by name");
    }
}
