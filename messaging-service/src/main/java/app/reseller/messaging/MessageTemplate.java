package app.reseller.messaging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A Wappin template the admin registered: its parameter count is checked before sending. */
@Entity
@Table(name = "message_template")
public class MessageTemplate extends PanacheEntityBase {

    @Id
    public String name;

    @Column(name = "param_count")
    public int paramCount;

    /** An SMS fallback template rather than a WhatsApp one. */
    public boolean sms;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
