package app.reseller.channel.client;

import java.time.Duration;

/**
 * WHAPI answered with an error ({@code {"error":{"code","message","details"}}}). The message is
 * WHAPI's own text, never a credential.
 */
public class WhapiException extends RuntimeException {

    private final int status;
    private final String whapiMessage;
    private final Duration retryAfter;

    public WhapiException(int status, String whapiMessage, String details, Duration retryAfter) {
        super("WHAPI answered " + status + ": " + whapiMessage + (details == null ? "" : " (" + details + ")"));
        this.status = status;
        this.whapiMessage = whapiMessage == null ? "" : whapiMessage;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String whapiMessage() {
        return whapiMessage;
    }

    /** WHAPI's Retry-After, when it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The per-channel block WHAPI puts on repeated extends: wait, do not fail. */
    public boolean isExtendBlock() {
        String text = getMessage().toLowerCase();
        return (status == 400 || status == 429) && text.contains("block");
    }

    /** A 5xx or 429: WHAPI may well answer differently in a moment. */
    public static final class Transient extends WhapiException {
        public Transient(int status, String message, String details, Duration retryAfter) {
            super(status, message, details, retryAfter);
        }
    }

    /** A 4xx other than 429: asking again unchanged will get the same answer. */
    public static final class Rejected extends WhapiException {
        public Rejected(int status, String message, String details, Duration retryAfter) {
            super(status, message, details, retryAfter);
        }
    }
}
