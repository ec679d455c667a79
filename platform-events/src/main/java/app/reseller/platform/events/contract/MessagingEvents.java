package app.reseller.platform.events.contract;

import java.time.Instant;
import java.util.UUID;

/** The events messaging-service publishes on {@code messaging.events}, keyed by message id. */
public final class MessagingEvents {

    private MessagingEvents() {
    }

    /** A status entered the message's timeline (each status once, whatever order Wappin reported them in). */
    public record MessageStatusChanged(UUID messageId, String customerId, String status, String currentStatus,
                                       String wappinMessageId, Instant at) {
        public static final String TYPE = "messaging.MessageStatusChanged.v1";
    }

    /** A WhatsApp user wrote to the partner's number. */
    public record InboundMessageReceived(UUID inboundId, String wappinMessageId, String sender, String content, Instant at) {
        public static final String TYPE = "messaging.InboundMessageReceived.v1";
    }

    /** A customer's webhook endpoint stopped receiving: it answered 410 Gone, or it failed for too long. */
    public record WebhookEndpointDisabled(UUID endpointId, String customerId, String url, String reason, Instant at) {
        public static final String TYPE = "messaging.WebhookEndpointDisabled.v1";
    }
}
