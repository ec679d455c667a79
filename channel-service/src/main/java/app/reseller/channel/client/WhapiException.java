package app.reseller.channel.client;

import app.reseller.platform.domain.ProviderFault;

import java.time.Duration;

/**
 * WHAPI answered with an error ({@code {"error":{"code","message","details"}}}). The message is
 * WHAPI's own text, never a credential.
 */
public abstract class WhapiException extends ProviderFault {

    private final int status;
    private final String whapiMessage;

    protected WhapiException(int status, String whapiMessage, String details, Duration retryAfter, Outcome outcome) {
        super("WHAPI", outcome, "WHAPI answered " + status + ": " + whapiMessage + (details == null ? "" : " (" + details + ")"),
                retryAfter);
        this.status = status;
        this.whapiMessage = whapiMessage == null ? "" : whapiMessage;
    }

    public int status() {
        return status;
    }

    public String whapiMessage() {
        return whapiMessage;
    }

    /** WHAPI does not know the channel (404): after a delete, the state asked for. */
    public static boolean isNotFound(Throwable failure) {
        return failure instanceof WhapiException e && e.status() == 404;
    }

    /** The per-channel block WHAPI puts on repeated extends: wait, do not fail. */
    public boolean isExtendBlock() {
        String text = getMessage().toLowerCase();
        return (status == 400 || status == 429) && text.contains("block");
    }

    /**
     * A 5xx or 429: WHAPI may well answer differently in a moment. A 429 says it did nothing; after a
     * 5xx it may have done it (the outcome is unknown until a read tells).
     */
    public static final class Transient extends WhapiException {
        public Transient(int status, String message, String details, Duration retryAfter) {
            super(status, message, details, retryAfter, status == 429 ? Outcome.TRANSIENT : Outcome.UNKNOWN);
        }
    }

    /** A 4xx other than 429: asking again unchanged will get the same answer. */
    public static final class Rejected extends WhapiException {
        public Rejected(int status, String message, String details, Duration retryAfter) {
            super(status, message, details, retryAfter, Outcome.REFUSED);
        }
    }
}
