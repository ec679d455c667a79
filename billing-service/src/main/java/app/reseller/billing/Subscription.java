package app.reseller.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {
    @Id
    public UUID id;
    /** Written by the admin (confirm, renew, cancel) and the expiry job: a write on a stale read fails, never overwrites. */
    @Version
    public long version;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "plan_id")
    public UUID planId;
    @Enumerated(EnumType.STRING)
    public SubscriptionStatus status;
    @Column(name = "current_period_end")
    public Instant currentPeriodEnd;
    /** When the unpaid period ended (GRACE and SUSPENDED count from it); null while paid. */
    @Column(name = "lapsed_at")
    public Instant lapsedAt;
    /** An operator's hold: a lapsed subscription does not move to its next step before this. */
    @Column(name = "held_until")
    public Instant heldUntil;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
