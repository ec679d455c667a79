package app.reseller.platform.domain;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * The one rule for a call to a provider that failed in transit, written once for every caller:
 * a call that {@link #neverSent never left} can be repeated without any risk; a call whose
 * {@link #answerLost answer was lost} (a timeout, a broken connection after sending) may have been
 * carried out, so only a read of the provider's state can tell.
 */
public final class CallFailures {

    /** The fault-tolerance layer's own timeout (not every app carries that library). */
    private static final String FAULT_TOLERANCE_TIMEOUT = "org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException";

    private CallFailures() {
    }

    /** The request never left this machine (connection refused): repeating it cannot do anything twice. */
    public static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * No answer came (a timeout of ours, of the fault-tolerance layer or of the client, a connection
     * closed or reset, a client processing failure): the request may have been carried out.
     */
    public static boolean answerLost(Throwable failure) {
        if (neverSent(failure)) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof IOException || t instanceof io.smallrye.mutiny.TimeoutException
                    || t instanceof jakarta.ws.rs.ProcessingException || FAULT_TOLERANCE_TIMEOUT.equals(t.getClass().getName())) {
                return true;
            }
        }
        return false;
    }

    /** Either of the above: the call failed in transit, not by the provider's answer. */
    public static boolean inTransit(Throwable failure) {
        return neverSent(failure) || answerLost(failure);
    }
}
