package app.reseller.messaging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The WhatsApp number a customer's notifications go to. */
@Entity
@Table(name = "customer_contact")
public class CustomerContact extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    public String phone;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
