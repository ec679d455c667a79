package app.reseller.messaging;

/**
 * Where an outbound message stands. The delivery statuses have a rank: a message's current status
 * is the highest rank seen, so a late "delivered" after "read" never moves it back.
 */
public enum MessageStatus {
    /** Stored, Wappin not yet (or not successfully) asked. */
    PENDING(0),
    /** Wappin took it and gave it a message id. */
    ACCEPTED(1),
    SENT(2),
    DELIVERED(3),
    READ(4),
    /** Wappin or WhatsApp refused it. */
    FAILED(5),
    /** The send's answer was lost: it may or may not have gone out (never resent blindly). */
    UNCONFIRMED(0);

    private final int rank;

    MessageStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** Wappin's callback and inquiry words: sent, delivered, read, failed. */
    public static MessageStatus fromWappin(String status) {
        return switch (status == null ? "" : status.toLowerCase()) {
            case "sent" -> SENT;
            case "delivered" -> DELIVERED;
            case "read" -> READ;
            case "failed" -> FAILED;
            default -> null;
        };
    }
}
