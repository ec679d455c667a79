package app.reseller.platform.domain;

import java.time.Duration;

/**
 * A provider's answer (WHAPI, Wappin) that is not a success, in the terms every caller decides on:
 * <ul>
 * <li>{@link Outcome#TRANSIENT}: the provider did not do it and may well do it in a moment (a 5xx
 * or 429 with a body that says so): retrying is safe where the call is idempotent;</li>
 * <li>{@link Outcome#REFUSED}: the provider refused; the same request gets the same answer;</li>
 * <li>{@link Outcome#UNKNOWN}: the provider may or may not have done it (an answer without a body
 * to trust): only a read can tell, so it is never repeated blindly.</li>
 * </ul>
 * Transport failures (no answer at all) are not provider faults: {@link CallFailures} tells them.
 * Each app's {@code rest/} layer maps its provider's faults to problem+json once.
 */
public abstract class ProviderFault extends RuntimeException {

    public enum Outcome { TRANSIENT, REFUSED, UNKNOWN }

    private final String provider;
    private final Outcome outcome;
    private final Duration retryAfter;

    protected ProviderFault(String provider, Outcome outcome, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.provider = provider;
        this.outcome = outcome;
        this.retryAfter = retryAfter;
    }

    public final String provider() {
        return provider;
    }

    public final Outcome outcome() {
        return outcome;
    }

    /** The provider's own Retry-After, when it sent one. */
    public final Duration retryAfter() {
        return retryAfter;
    }
}
