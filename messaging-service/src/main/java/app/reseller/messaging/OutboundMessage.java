package app.reseller.messaging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A message to a WhatsApp user, stored before Wappin is asked to send it. */
@Entity
@Table(name = "outbound_message")
public class OutboundMessage extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Bumped by every write (the callbacks' SQL too): a write based on a stale read fails instead of losing a status. */
    @Version
    public long version;

    @Column(name = "customer_id")
    public String customerId;

    public String recipient;

    @Enumerated(EnumType.STRING)
    public MessageKind kind;

    public String template;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> params;

    @Column(name = "sms_template")
    public String smsTemplate;

    /** The text of a TEXT message, or a media caption. */
    public String body;

    @Column(name = "media_type")
    public String mediaType;

    @Column(name = "media_name")
    public String mediaName;

    @Enumerated(EnumType.STRING)
    public MessageStatus status;

    @Column(name = "wappin_message_id")
    public String wappinMessageId;

    @Column(name = "failure_code")
    public String failureCode;

    public String failure;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** The platform event a notification was sent for (a replayed event finds it and sends nothing). */
    @Column(name = "source_event_id")
    public UUID sourceEventId;

    @Column(name = "send_started_at")
    public Instant sendStartedAt;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static OutboundMessage pending(String customerId, String recipient, MessageKind kind, Instant now) {
        OutboundMessage message = new OutboundMessage();
        message.id = UUID.randomUUID();
        message.customerId = customerId;
        message.recipient = recipient;
        message.kind = kind;
        message.status = MessageStatus.PENDING;
        message.createdAt = now;
        message.updatedAt = message.createdAt;
        return message;
    }

    public void touch(Instant now) {
        updatedAt = now;
    }

    /** Whether a draft asks for the same message as this one (what a repeat with the same Idempotency-Key must do). */
    public boolean sameMessageAs(OutboundMessage draft) {
        return kind == draft.kind && java.util.Objects.equals(recipient, draft.recipient)
               && java.util.Objects.equals(template, draft.template) && java.util.Objects.equals(params, draft.params)
               && java.util.Objects.equals(smsTemplate, draft.smsTemplate) && java.util.Objects.equals(body, draft.body)
               && java.util.Objects.equals(mediaType, draft.mediaType) && java.util.Objects.equals(mediaName, draft.mediaName);
    }
}
