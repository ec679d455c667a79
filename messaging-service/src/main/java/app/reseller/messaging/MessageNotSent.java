package app.reseller.messaging;

import java.util.UUID;

/**
 * A stored message that did not go out because Wappin failed (or did not answer): the failure, and
 * the message the caller can look up (FAILED, or UNCONFIRMED when it may have gone out after all).
 */
public final class MessageNotSent extends RuntimeException {

    private final UUID messageId;

    public MessageNotSent(UUID messageId, Throwable cause) {
        super("message " + messageId + " not sent: " + cause.getMessage(), cause, false, false);
        this.messageId = messageId;
    }

    public UUID messageId() {
        return messageId;
    }
}
