package app.reseller.channel.client;

import app.reseller.platform.domain.CallFailures;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Duration;
import java.util.Optional;

/**
 * What a failed WHAPI call means for the people who see it, in one place: WHAPI's raw answer never
 * reaches a caller. A customer cannot fix WHAPI's credentials or outages, so those say what the
 * frontend should show. {@code rest/WhapiFaultMapper} gives each kind its HTTP status; services
 * quote {@link Fault#detail()} where they explain a failure themselves.
 */
public final class WhapiFaults {

    /** What kind of failure it is, for the caller (the HTTP status is the mapper's). */
    public enum Kind { CREDENTIALS_REFUSED, CHANNEL_UNKNOWN, ALREADY_LINKED, RATE_LIMITED, UNAVAILABLE, REFUSED }

    public record Fault(Kind kind, String type, String title, String detail, Duration retryAfter) {
    }

    private static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(30);
    private static final Duration RATE_LIMIT_RETRY = Duration.ofSeconds(60);

    private WhapiFaults() {
    }

    /** The failure as WHAPI's, or empty when it is not one (a bug, a database failure: not WHAPI's). */
    public static Optional<Fault> describe(Throwable failure) {
        if (failure instanceof WhapiException e) {
            return Optional.of(switch (e.status()) {
                case 401, 403 -> new Fault(Kind.CREDENTIALS_REFUSED, "whapi-credentials-refused", "WHAPI refused the partner token",
                        "an admin must check the WHAPI settings (partner token and project id)", null);
                case 404 -> new Fault(Kind.CHANNEL_UNKNOWN, "whapi-channel-missing", "The channel is unknown at WHAPI",
                        "WHAPI does not know this channel any more; an admin can sync or delete it", null);
                case 409 -> new Fault(Kind.ALREADY_LINKED, "already-linked", "WhatsApp is already linked to this channel",
                        "log the phone out first to link another one", null);
                case 429 -> new Fault(Kind.RATE_LIMITED, "whapi-rate-limited", "Too many requests to WHAPI",
                        "WHAPI allows only a limited number of these per period; try again later",
                        e.retryAfter() == null ? RATE_LIMIT_RETRY : e.retryAfter());
                default -> e.status() >= 500
                        ? unavailable("WHAPI answered " + e.status())
                        : new Fault(Kind.REFUSED, "whapi-rejected", "WHAPI refused the request", e.whapiMessage(), null);
            });
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return Optional.of(unavailable("WHAPI failed repeatedly; calls are paused for a few seconds"));
        }
        if (CallFailures.inTransit(failure)) {
            return Optional.of(unavailable("WHAPI did not answer in time"));
        }
        return Optional.empty();
    }

    private static Fault unavailable(String detail) {
        return new Fault(Kind.UNAVAILABLE, "whapi-unavailable", "WHAPI is not available right now", detail, UNAVAILABLE_RETRY);
    }
}
