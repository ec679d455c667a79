package app.reseller.channel.service;

import app.reseller.channel.client.WhapiException;
import app.reseller.platform.web.ProblemException;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.io.IOException;

/**
 * How a WHAPI failure reaches our callers: as one of our own problem+json errors, never as WHAPI's
 * raw answer. A customer cannot fix WHAPI's credentials or outages, so those are 502/503 with a
 * title that tells the frontend what to show.
 */
public final class WhapiProblems {

    private static final long UNAVAILABLE_RETRY_SECONDS = 30;

    private WhapiProblems() {
    }

    public static Throwable toProblem(Throwable failure) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        if (failure instanceof WhapiException e) {
            return switch (e.status()) {
                case 401, 403 -> new ProblemException(502, "whapi-credentials-refused", "WHAPI refused the partner token",
                        "an admin must check the WHAPI settings (partner token and project id)");
                case 404 -> new ProblemException(502, "whapi-channel-missing", "The channel is unknown at WHAPI",
                        "WHAPI does not know this channel any more; an admin can sync or delete it");
                case 409 -> ProblemException.conflict("already-linked", "WhatsApp is already linked to this channel",
                        "log the phone out first to link another one");
                case 429 -> ProblemException.unavailable(429, "whapi-rate-limited", "Too many requests to WHAPI",
                        "WHAPI allows only a limited number of these per period; try again later",
                        e.retryAfter() == null ? 60 : e.retryAfter().toSeconds());
                default -> e.status() >= 500
                        ? unavailable("WHAPI answered " + e.status())
                        : new ProblemException(502, "whapi-rejected", "WHAPI refused the request", e.whapiMessage());
            };
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return unavailable("WHAPI failed repeatedly; calls are paused for a few seconds");
        }
        if (failure instanceof TimeoutException || failure instanceof ProcessingException || failure instanceof IOException) {
            return unavailable("WHAPI did not answer in time");
        }
        return failure;
    }

    private static ProblemException unavailable(String detail) {
        return ProblemException.unavailable(503, "whapi-unavailable", "WHAPI is not available right now", detail,
                UNAVAILABLE_RETRY_SECONDS);
    }
}
