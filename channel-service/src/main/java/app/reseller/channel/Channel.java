package app.reseller.channel;

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

/**
 * A customer's WhatsApp channel. Its id is ours (the key of its events and of billing's CHANNEL
 * account); WHAPI's id and the channel token stay inside this service, the token sealed.
 */
@Entity
@Table(name = "channel")
public class Channel extends PanacheEntityBase {

    @Id
    public UUID id;

    /**
     * Optimistic version: several paths write a channel (create, sync, delete, webhooks, the
     * extension executor, the mode promoter, the reconciler); a write based on a stale read fails
     * instead of overwriting a newer state (a deleted channel can never be written back to ACTIVE).
     */
    @Version
    public long version;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    public String name;
    public String phone;

    @Enumerated(EnumType.STRING)
    public ChannelState state;

    @Column(name = "whapi_id")
    public String whapiId;

    /** The channel token, sealed by SecretBox (purpose {@link #TOKEN_PURPOSE}); never leaves the service. */
    @Column(name = "token_sealed")
    public byte[] tokenSealed;

    @Enumerated(EnumType.STRING)
    public ChannelMode mode;

    /** The WhatsApp link as WHAPI reports it: NOT_INIT, QR, AUTH, ... */
    @Column(name = "link_status")
    public String linkStatus;

    @Column(name = "active_till")
    public Instant activeTill;

    /** Had a paid extension: must be LIVE at WHAPI. */
    public boolean paid;

    /** SHA-256 of the secret header WHAPI sends with this channel's webhooks. */
    @Column(name = "webhook_secret_hash")
    public byte[] webhookSecretHash;

    /** The secret WHAPI last confirmed before the current one, accepted until previousWebhookSecretUntil (its retries carry it). */
    @Column(name = "previous_webhook_secret_hash")
    public byte[] previousWebhookSecretHash;

    @Column(name = "previous_webhook_secret_until")
    public Instant previousWebhookSecretUntil;

    @Column(name = "webhooks_configured")
    public boolean webhooksConfigured;

    /** The set of WHAPI webhook events it was configured with (ChannelWebhooks.SETTINGS_VERSION when current). */
    @Column(name = "webhook_settings_version")
    public int webhookSettingsVersion;

    /** WHAPI restarts a channel after a mode change; gate calls wait until then. */
    @Column(name = "restarting_until")
    public Instant restartingUntil;

    public String failure;

    /** The create's Idempotency-Key, if it sent one: a repeat of it answers with this channel. */
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "created_at")
    public Instant createdAt;

    /** When the create joined the creation queue (QUEUED); null for a create WHAPI was asked at once. */
    @Column(name = "queued_at")
    public Instant queuedAt;

    /** When WHAPI was asked to create it: these instants over the last window are the budget spent. */
    @Column(name = "creation_started_at")
    public Instant creationStartedAt;

    /** WHAPI's activeTill read just before its stop: with the one after, the days a pause saved. */
    @Column(name = "pause_active_till")
    public Instant pauseActiveTill;

    @Column(name = "paused_at")
    public Instant pausedAt;

    /** How long a send may wait for its first status before the channel is SILENT; null: the platform's setting. */
    @Column(name = "silent_after_seconds")
    public Integer silentAfterSeconds;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public static final String TOKEN_PURPOSE = "whapi-channel-token";

    public static Channel reserve(String customerId, String name, String phone, String idempotencyKey, Instant now) {
        Channel channel = new Channel();
        channel.idempotencyKey = idempotencyKey;
        channel.id = UUID.randomUUID();
        channel.customerId = customerId;
        channel.name = name;
        channel.phone = phone;
        channel.state = ChannelState.CREATING;
        channel.createdAt = now;
        channel.creationStartedAt = now;
        channel.updatedAt = channel.createdAt;
        return channel;
    }

    /** As {@link #reserve}, but waiting for room in WHAPI's creation window. */
    public static Channel queue(String customerId, String name, String phone, String idempotencyKey, Instant now) {
        Channel channel = reserve(customerId, name, phone, idempotencyKey, now);
        channel.state = ChannelState.QUEUED;
        channel.creationStartedAt = null;
        channel.queuedAt = now;
        return channel;
    }

    public boolean isUsable() {
        return state == ChannelState.ACTIVE && whapiId != null;
    }

    public void touch(Instant now) {
        updatedAt = now;
    }
}
