package app.reseller.platform.events.contract;

import app.reseller.platform.events.Topics;

import java.time.Instant;
import java.util.UUID;

/**
 * The events messaging-service publishes: a message's on {@code messaging.events}, keyed by message id; a webhook
 * endpoint's on {@code messaging.endpoint-events}, keyed by endpoint id.
 */
public final class MessagingEvents {

    private MessagingEvents() {
    }

    /** An event of messaging-service, on {@code messaging.events} unless it says otherwise. */
    public interface MessagingEvent extends PlatformEvent {
        /** "messaging." + the record's name + ".v1": a record's {@code TYPE} says the same (EventContractTest). */
        @Override
        default String type() {
            return "messaging." + getClass().getSimpleName() + ".v1";
        }

        @Override
        default String topic() {
            return Topics.MESSAGING_EVENTS;
        }
    }

    /** A status entered the message's timeline (each status once, whatever order Wappin reported them in). */
    public record MessageStatusChanged(UUID messageId, String customerId, String status, String currentStatus,
                                       String wappinMessageId, Instant at) implements MessagingEvent {
        public static final String TYPE = "messaging.MessageStatusChanged.v1";

        @Override
        public String aggregateType() {
            return "message";
        }

        @Override
        public String aggregateId() {
            return messageId.toString();
        }
    }

    /** A WhatsApp user wrote to the partner's number. */
    public record InboundMessageReceived(UUID inboundId, String wappinMessageId, String sender, String content, Instant at) implements MessagingEvent {
        public static final String TYPE = "messaging.InboundMessageReceived.v1";

        @Override
        public String aggregateType() {
            return "message";
        }

        @Override
        public String aggregateId() {
            return inboundId.toString();
        }
    }

    /** A customer's webhook endpoint stopped receiving: it answered 410 Gone, or it failed for too long. */
    public record WebhookEndpointDisabled(UUID endpointId, String customerId, String url, String reason, Instant at) implements MessagingEvent {
        public static final String TYPE = "messaging.WebhookEndpointDisabled.v1";

        /** On its own topic: messaging-service, which tells the owner, need not read every status to find it. */
        @Override
        public String topic() {
            return Topics.MESSAGING_ENDPOINT_EVENTS;
        }

        @Override
        public String aggregateType() {
            return "webhook-endpoint";
        }

        @Override
        public String aggregateId() {
            return endpointId.toString();
        }
    }
}
