package app.reseller.platform.events.contract;

import app.reseller.platform.events.Topics;

import java.time.Instant;
import java.util.UUID;

/** The events channel-service publishes on {@code channel.events}, keyed by channel id. */
public final class ChannelEvents {

    private ChannelEvents() {
    }

    /** An event on {@code channel.events}, keyed by its channel: a channel's events stay in order. */
    public interface ChannelEvent extends PlatformEvent {
        /** "channel." + the record's name + ".v1": a record's {@code TYPE} says the same (EventContractTest). */
        @Override
        default String type() {
            return "channel." + getClass().getSimpleName() + ".v1";
        }

        String channelId();

        @Override
        default String topic() {
            return Topics.CHANNEL_EVENTS;
        }

        @Override
        default String aggregateType() {
            return "channel";
        }

        @Override
        default String aggregateId() {
            return channelId();
        }
    }

    public record ChannelCreated(String channelId, String customerId, String name, String mode, Instant activeTill) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelCreated.v1";
    }

    public record ChannelExtended(UUID requestId, String channelId, int days, Instant activeTill) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelExtended.v1";
    }

    public record ChannelExtensionFailed(UUID requestId, String channelId, String reason, boolean retryable) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelExtensionFailed.v1";
    }

    /** unusedDays: what WHAPI returned to the partner balance (computed from activeTill when WHAPI is silent). */
    public record ChannelDeleted(String channelId, String customerId, long unusedDays) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelDeleted.v1";
    }

    /**
     * The channel was stopped at WHAPI with its days saved: savedDays (whole days, from activeTill
     * before and after the stop, as for a delete) went back to the partner balance, and billing gives
     * back to the customer what of them was confirmed paid. It keeps its slot until resumed or deleted.
     */
    public record ChannelPaused(String channelId, String customerId, long savedDays) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelPaused.v1";
    }

    /** A paused channel runs again at WHAPI; it needs days (an extension, as any channel) to stay on. */
    public record ChannelResumed(String channelId, String customerId) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelResumed.v1";
    }

    /** TRIAL -> LIVE after the first paid extension (WHAPI restarts the channel for about 30 s). */
    public record ChannelModeChanged(String channelId, String customerId, String mode, String previousMode) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelModeChanged.v1";
    }

    /** The WhatsApp link of the channel changed, from WHAPI's webhooks: QR, AUTH (logged in), LOGGED_OUT, ... */
    public record ChannelStatusChanged(String channelId, String customerId, String status, String previousStatus, Instant at) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelStatusChanged.v1";
    }

    /**
     * A WhatsApp user wrote to the customer's channel (WHAPI's "messages" webhook), once per WHAPI
     * message id. kind: text, image, document, audio, video or other (then body is WHAPI's type).
     */
    public record ChannelMessageReceived(UUID messageId, String channelId, String customerId, String chatId, String kind,
                                         String body, String mediaUrl, String replyTo, String whapiMessageId, Instant at) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelMessageReceived.v1";
    }

    /**
     * A status entered the timeline of a message the channel sent (WHAPI's "statuses" webhook), each
     * status once; currentStatus is the message's status after it (statuses only move up: a late
     * "delivered" after "read" leaves it READ).
     */
    public record ChannelMessageStatusChanged(UUID messageId, String channelId, String customerId, String whapiMessageId,
                                              String clientReference, String status, String currentStatus, Instant at) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelMessageStatusChanged.v1";
    }

    /** The channel's paid time ends soon (channel.expiry-warning before activeTill): once per activeTill, so once per period. */
    public record ChannelExpiring(String channelId, String customerId, Instant activeTill, long hoursLeft) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelExpiring.v1";
    }

    /**
     * The channel's health verdict changed (HEALTHY, LINKING, STARTING, STUCK, FAILED, SILENT): from
     * WHAPI's status (webhooks, GET /health), from stuck detection and from silence detection (a send
     * with no status). restarts: automatic restarts since it was last healthy. cause: webhook,
     * health-poll, stuck-detected, no-sent-status, "message SENT" (or another status), "message
     * received", auto-restart.
     */
    public record ChannelHealthChanged(String channelId, String customerId, String health, String previousHealth, String status,
                                       int restarts, String cause, Instant at) implements ChannelEvent {
        public static final String TYPE = "channel.ChannelHealthChanged.v1";
    }
}
