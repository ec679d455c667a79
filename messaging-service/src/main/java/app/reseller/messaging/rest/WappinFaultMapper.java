package app.reseller.messaging.rest;

import app.reseller.messaging.MessageNotSent;
import app.reseller.messaging.client.WappinException;
import app.reseller.messaging.client.WappinFaults;
import app.reseller.platform.web.ProblemException;
import app.reseller.platform.web.ProblemMappers;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place a failed Wappin call becomes problem+json (WappinFaults says what it means; this,
 * its status), with the stored message's id when the failure was a send's.
 */
public class WappinFaultMapper {

    public static final Map<WappinFaults.Kind, Integer> STATUS = Map.of(
            WappinFaults.Kind.CONTENT_REFUSED, 422,
            WappinFaults.Kind.SETUP_REFUSED, 502,
            WappinFaults.Kind.PROJECT_NOT_IN_PRODUCTION, 409,
            WappinFaults.Kind.UNKNOWN_CODE, 502,
            WappinFaults.Kind.UNAVAILABLE, 503);
    private static final long UNAVAILABLE_RETRY_SECONDS = 30;

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper({WappinException.class, WappinException.Unavailable.class, CircuitBreakerOpenException.class,
            TimeoutException.class, ProcessingException.class, IOException.class})
    public Response wappinFault(Throwable failure, UriInfo uri) {
        return answer(failure, Map.of(), uri);
    }

    @ServerExceptionMapper
    public Response notSent(MessageNotSent failure, UriInfo uri) {
        return answer(failure.getCause(), Map.of("messageId", failure.messageId()), uri);
    }

    private Response answer(Throwable failure, Map<String, Object> about, UriInfo uri) {
        return WappinFaults.describe(failure).map(fault -> {
            Map<String, Object> members = new LinkedHashMap<>();
            if (fault.kind() == WappinFaults.Kind.UNAVAILABLE) {
                members.put(ProblemException.RETRY_AFTER_SECONDS, UNAVAILABLE_RETRY_SECONDS);
            } else {
                members.put("wappinCode", fault.wappinCode());
            }
            members.putAll(about);
            return problems.problem(new ProblemException(STATUS.get(fault.kind()), fault.type(), fault.title(), fault.detail(), members), uri);
        }).orElseGet(() -> problems.unexpected(failure, uri));
    }
}
