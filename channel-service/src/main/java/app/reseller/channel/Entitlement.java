package app.reseller.channel;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** channel-service's replica of what billing says a customer may have (built from billing.events). */
@Entity
@Table(name = "entitlement")
public class Entitlement extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    public boolean active;

    @Column(name = "max_channels")
    public int maxChannels;

    @Column(name = "balance_days")
    public long balanceDays;

    @Column(name = "allocation_mode")
    public String allocationMode;

    /** Days a new channel needs (billing's word: the plan's, or what the allocation mode implies); 0: none. */
    @Column(name = "creation_minimum_days")
    public long creationMinimumDays;

    /** What the customer can spend on new channels: its balance, and for AUTOMATIC what the pool may still give; null: the balance. */
    @Column(name = "drawable_days")
    public Long drawableDays;

    public long drawable() {
        return drawableDays != null ? drawableDays : balanceDays;
    }

    /** The billing snapshot version this row holds (EntitlementChanged.version). */
    public long version;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Entitlement of(String customerId) {
        Entitlement entitlement = new Entitlement();
        entitlement.customerId = customerId;
        return entitlement;
    }
}
