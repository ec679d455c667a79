package app.reseller.platform.web;

import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id that follows one request through the gateway, every service and their logs.
 * Taken from the {@value #HEADER} header when it is well formed, otherwise made up.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private CorrelationId() {
    }

    /** The caller's id if it is safe to log and echo, else a fresh one. */
    public static String acceptOrCreate(String fromHeader) {
        return fromHeader != null && WELL_FORMED.matcher(fromHeader).matches() ? fromHeader : UUID.randomUUID().toString();
    }

    /** The id of the request being handled, or null outside a request. */
    public static String current() {
        Object value = MDC.get(MDC_KEY);
        return value == null ? null : value.toString();
    }
}
