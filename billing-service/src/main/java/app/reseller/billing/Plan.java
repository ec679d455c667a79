package app.reseller.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What a customer subscribes to: how many channels, how long a paid period is, how many days one top-up adds. */
@Entity
@Table(name = "plan")
public class Plan extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    @Column(name = "max_channels")
    public int maxChannels;
    @Column(name = "period_days")
    public int periodDays;
    @Column(name = "extension_days")
    public int extensionDays;

    /** Days of balance a new channel needs; null: the allocation mode decides (AUTOMATIC: extensionDays, MANUAL: none). */
    @Column(name = "creation_minimum_days")
    public Integer creationMinimumDays;

    @Column(name = "price_amount")
    public BigDecimal priceAmount;
    public String currency;
    public boolean active;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Days the plan entitles a customer to per paid period: every channel, the whole period. */
    public long daysPerPeriod() {
        return (long) maxChannels * periodDays;
    }
}
