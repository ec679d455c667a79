package app.reseller.channel.rest;

import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiFaults;
import app.reseller.platform.web.ProblemException;
import app.reseller.platform.web.ProblemMappers;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.Map;

/**
 * The one place a failed WHAPI call becomes problem+json: whatever service it failed in, a caller
 * gets the same answer for the same failure (WhapiFaults says what it means; this, its status).
 */
public class WhapiFaultMapper {

    private static final Map<WhapiFaults.Kind, Integer> STATUS = Map.of(
            WhapiFaults.Kind.CREDENTIALS_REFUSED, 502,
            WhapiFaults.Kind.CHANNEL_UNKNOWN, 502,
            WhapiFaults.Kind.ALREADY_LINKED, 409,
            WhapiFaults.Kind.RATE_LIMITED, 429,
            WhapiFaults.Kind.UNAVAILABLE, 503,
            WhapiFaults.Kind.REFUSED, 502);

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper({WhapiException.class, CircuitBreakerOpenException.class, TimeoutException.class,
            ProcessingException.class, IOException.class})
    public Response whapiFault(Throwable failure, UriInfo uri) {
        return WhapiFaults.describe(failure)
                .map(fault -> problems.problem(fault.retryAfter() == null
                        ? new ProblemException(STATUS.get(fault.kind()), fault.type(), fault.title(), fault.detail())
                        : ProblemException.unavailable(STATUS.get(fault.kind()), fault.type(), fault.title(), fault.detail(),
                        fault.retryAfter().toSeconds()), uri))
                .orElseGet(() -> problems.unexpected(failure, uri));
    }
}
