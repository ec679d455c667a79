package app.reseller.platform.events.contract;

import java.time.Instant;
import java.util.UUID;

/** The events channel-service publishes on {@code channel.events}, keyed by channel id. */
public final class ChannelEvents {

    private ChannelEvents() {
    }

    public record ChannelCreated(String channelId, String customerId, String name, String mode, Instant activeTill) {
        public static final String TYPE = "channel.ChannelCreated.v1";
    }

    public record ChannelExtended(UUID requestId, String channelId, int days, Instant activeTill) {
        public static final String TYPE = "channel.ChannelExtended.v1";
    }

    public record ChannelExtensionFailed(UUID requestId, String channelId, String reason, boolean retryable) {
        public static final String TYPE = "channel.ChannelExtensionFailed.v1";
    }

    /** unusedDays: what WHAPI returned to the partner balance (computed from activeTill when WHAPI is silent). */
    public record ChannelDeleted(String channelId, String customerId, long unusedDays) {
        public static final String TYPE = "channel.ChannelDeleted.v1";
    }

    /** TRIAL -> LIVE after the first paid extension (WHAPI restarts the channel for about 30 s). */
    public record ChannelModeChanged(String channelId, String customerId, String mode, String previousMode) {
        public static final String TYPE = "channel.ChannelModeChanged.v1";
    }

    /** The WhatsApp link of the channel changed, from WHAPI's webhooks: QR, AUTH (logged in), LOGGED_OUT, ... */
    public record ChannelStatusChanged(String channelId, String customerId, String status, String previousStatus, Instant at) {
        public static final String TYPE = "channel.ChannelStatusChanged.v1";
    }
}
