package app.reseller.billing.repository;

import app.reseller.billing.Subscription;
import app.reseller.billing.SubscriptionStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, UUID> {

    public Uni<Subscription> findLive(String customerId) {
        return find("customerId = ?1 and status in ?2", customerId,
                List.of(SubscriptionStatus.PENDING_PAYMENT, SubscriptionStatus.ACTIVE)).firstResult();
    }

    public Uni<Subscription> findActive(String customerId) {
        return find("customerId = ?1 and status = ?2", customerId, SubscriptionStatus.ACTIVE).firstResult();
    }

    public Uni<List<Subscription>> listOf(String customerId) {
        return list("customerId = ?1 order by createdAt desc", customerId);
    }

    public Uni<List<UUID>> idsOfEndedPeriods(Instant now, int limit) {
        return find("status = ?1 and currentPeriodEnd < ?2", SubscriptionStatus.ACTIVE, now)
                .page(0, limit).project(IdOnly.class).list()
                .map(rows -> rows.stream().map(IdOnly::id).toList());
    }

    public Uni<Void> recordTransition(UUID subscriptionId, SubscriptionStatus from, SubscriptionStatus to,
                                      String actor, String reason) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into subscription_transition (subscription_id, from_status, to_status, actor, reason)
                        values (:id, :from, :to, :actor, :reason)""")
                .setParameter("id", subscriptionId)
                .setParameter("from", from == null ? null : from.name())
                .setParameter("to", to.name())
                .setParameter("actor", actor)
                .setParameter("reason", reason)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<List<Object[]>> transitions(UUID subscriptionId) {
        return Panache.getSession().chain(s -> s.<Object[]>createNativeQuery("""
                        select from_status, to_status, actor, reason, at from subscription_transition
                        where subscription_id = :id order by id""", Object[].class)
                .setParameter("id", subscriptionId).getResultList());
    }

    public record IdOnly(UUID id) {
    }

    /** The customers with an ACTIVE subscription on the plan. */
    public Uni<List<String>> customersActiveOn(UUID planId) {
        return find("planId = ?1 and status = ?2", planId, SubscriptionStatus.ACTIVE).project(CustomerOnly.class).list()
                .map(rows -> rows.stream().map(CustomerOnly::customerId).toList());
    }

    public record CustomerOnly(String customerId) {
    }
}
