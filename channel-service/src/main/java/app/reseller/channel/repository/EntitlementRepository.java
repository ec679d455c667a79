package app.reseller.channel.repository;

import app.reseller.channel.Entitlement;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
@WithSession
public class EntitlementRepository implements PanacheRepositoryBase<Entitlement, String> {

    /** The customer's row, locked until the transaction ends: concurrent creates of one customer queue here. */
    public Uni<Entitlement> lockFor(String customerId) {
        return findById(customerId, LockModeType.PESSIMISTIC_WRITE);
    }
}
