package app.reseller.billing.repository;

import static app.reseller.platform.events.Columns.instant;
import static app.reseller.platform.events.Columns.text;

import app.reseller.billing.Subscription;
import app.reseller.billing.SubscriptionStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, UUID> {

    public Uni<Subscription> findLive(String customerId) {
        return find("customerId = ?1 and status in ?2", customerId,
                List.of(SubscriptionStatus.PENDING_PAYMENT, SubscriptionStatus.ACTIVE, SubscriptionStatus.GRACE,
                        SubscriptionStatus.SUSPENDED)).firstResult();
    }

    public Uni<Subscription> findActive(String customerId) {
        return find("customerId = ?1 and status = ?2", customerId, SubscriptionStatus.ACTIVE).firstResult();
    }

    public Uni<List<Subscription>> listOf(String customerId) {
        return list("customerId = ?1 order by createdAt desc", customerId);
    }

    public Uni<List<UUID>> idsOfEndedPeriods(Instant now, int limit) {
        return find("status = ?1 and currentPeriodEnd < ?2 and (heldUntil is null or heldUntil <= ?2)", SubscriptionStatus.ACTIVE, now)
                .page(0, limit).project(IdOnly.class).list()
                .map(rows -> rows.stream().map(IdOnly::id).toList());
    }

    /** Lapsed subscriptions in {@code status} that lapsed before {@code lapsedBefore} and no operator holds now. */
    public Uni<List<UUID>> idsOfLapsedDue(SubscriptionStatus status, Instant lapsedBefore, Instant now, int limit) {
        return find("status = ?1 and lapsedAt <= ?2 and (heldUntil is null or heldUntil <= ?3)", status, lapsedBefore, now)
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

    /** A payment the admin confirmed, at the plan's price of this moment (a later price change does not alter it). */
    public Uni<Void> recordPayment(Subscription subscription, app.reseller.billing.Plan plan, String kind, String actor, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into subscription_payment (subscription_id, customer_id, plan_id, plan_name, kind, amount, currency,
                                                          period_end, actor, confirmed_at)
                        values (:subscription, :customer, :plan, :name, :kind, :amount, :currency, :periodEnd, :actor, :at)""")
                .setParameter("subscription", subscription.id)
                .setParameter("customer", subscription.customerId)
                .setParameter("plan", plan.id)
                .setParameter("name", plan.name)
                .setParameter("kind", kind)
                .setParameter("amount", plan.priceAmount)
                .setParameter("currency", plan.currency)
                .setParameter("periodEnd", subscription.currentPeriodEnd)
                .setParameter("actor", actor)
                .setParameter("at", at)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<List<Transition>> transitions(UUID subscriptionId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        select from_status, to_status, actor, reason, at from subscription_transition
                        where subscription_id = :id order by id""", Tuple.class)
                .setParameter("id", subscriptionId).getResultList()
                .map(rows -> rows.stream().map(row -> new Transition(text(row, "from_status"), text(row, "to_status"),
                        text(row, "actor"), text(row, "reason"), instant(row, "at"))).toList()));
    }

    /** One step of a subscription's life: from (null for its start), to, who, why, when. */
    public record Transition(String from, String to, String actor, String reason, java.time.Instant at) {
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
