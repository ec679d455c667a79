package app.reseller.billing.repository;

import app.reseller.billing.AllocationMode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CustomerSettingsRepository {

    public Uni<AllocationMode> mode(String customerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select allocation_mode from customer_settings where customer_id = :customer", String.class)
                .setParameter("customer", customerId).getResultList()
                .map(rows -> rows.isEmpty() ? AllocationMode.MANUAL : AllocationMode.valueOf(rows.get(0))));
    }

    public Uni<Void> setMode(String customerId, AllocationMode mode, String actor) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into customer_settings (customer_id, allocation_mode, updated_by) values (:customer, :mode, :actor)
                        on conflict (customer_id) do update set allocation_mode = excluded.allocation_mode,
                            updated_by = excluded.updated_by, updated_at = now()""")
                .setParameter("customer", customerId).setParameter("mode", mode.name()).setParameter("actor", actor)
                .executeUpdate()).replaceWithVoid();
    }
}
