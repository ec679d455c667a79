package app.reseller.messaging;

import app.reseller.platform.domain.Refusal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What messaging-service refuses, in its own words. Services throw these;
 * {@code rest/MessagingRefusalStatuses} says which HTTP status each answers.
 */
public abstract sealed class MessagingRefusal extends Refusal {

    private MessagingRefusal(String type, String title, String detail) {
        super(type, title, detail);
    }

    /** A Wappin callback without our callback token. */
    public static final class CallbackNotAuthentic extends MessagingRefusal {
        public CallbackNotAuthentic() {
            super("callback-unauthorized", "Callback not accepted", "the callback token is missing or wrong");
        }
    }

    /** A callback body that is not one Wappin sends: refused before anything is stored. */
    public static final class InvalidCallback extends MessagingRefusal {
        public InvalidCallback(String detail) {
            super("invalid-callback", "Not a valid Wappin callback", detail);
        }
    }

    /** A webhook endpoint URL we will not call (not https, credentials in it, not a public address: the SSRF guard). */
    public static final class WebhookUrlRefused extends MessagingRefusal {
        public WebhookUrlRefused(String why) {
            super("webhook-url-refused", "Webhook URL refused", "the endpoint URL is refused: " + why);
        }
    }

    /** A customer registers a bounded number of webhook endpoints. */
    public static final class WebhookEndpointLimit extends MessagingRefusal {
        public WebhookEndpointLimit(int max) {
            super("webhook-endpoint-limit", "Too many webhook endpoints", "a customer may register " + max + " endpoints");
        }
    }

    /** A replay of webhook deliveries needs a time range that is not empty. */
    public static final class InvalidReplayRange extends MessagingRefusal {
        public InvalidReplayRange() {
            super("invalid-range", "Invalid time range", "a replay needs from < until");
            fact("violations", List.of(Map.of("field", "from", "message", "must be before until"),
                    Map.of("field", "until", "message", "must be after from")));
        }
    }

    /** A request with the same Idempotency-Key is still sending the message. */
    public static final class SendInProgress extends MessagingRefusal {
        public SendInProgress(UUID messageId) {
            super("send-in-progress", "This message is still being sent", "a request with the same Idempotency-Key is in progress");
            fact("messageId", messageId);
        }
    }

    /** A media file Wappin would not take: empty or above the size limit. */
    public static final class MediaTooLarge extends MessagingRefusal {
        public MediaTooLarge(long maxBytes) {
            super("media-too-large", "The file is empty or too large", "files up to " + maxBytes + " bytes");
        }
    }

    /** Wappin never accepted the message, so it has nothing to tell about it. */
    public static final class NoWappinId extends MessagingRefusal {
        public NoWappinId(Object status) {
            super("no-wappin-id", "Wappin has no id for this message", "the message was not accepted by Wappin (status " + status + ")");
        }
    }

    /** Wappin's credentials are neither set by an admin nor configured. */
    public static final class WappinNotConfigured extends MessagingRefusal {
        public WappinNotConfigured() {
            super("wappin-not-configured", "Wappin is not configured",
                    "an admin must set the Wappin client id, secret key and project id first");
        }
    }
}
