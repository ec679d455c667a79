package app.reseller.gateway.routing;

import app.reseller.platform.domain.CallFailures;


import java.util.concurrent.TimeoutException;

/**
 * What the caller is told when a forwarded call fails, and above all whether it may have been
 * applied. The gateway knows two cases apart:
 * <ul>
 *   <li>the call never left the gateway (the service's breaker is open, or no connection could be
 *       made): 503, nothing happened, trying again is safe;</li>
 *   <li>the call reached the service and its answer did not come back (timed out, connection lost):
 *       504 or 502. For a read or a repeatable write that is "try again". For a POST the service may
 *       have applied it, so the answer says the outcome is unknown and how to learn it: repeat it
 *       with the same Idempotency-Key (the service answers with the first outcome instead of
 *       applying it again), or read the resource.</li>
 * </ul>
 */
record DownstreamFailure(int status, String slug, String title, String detail, Long retryAfterSeconds) {

    static DownstreamFailure of(Throwable failure, Downstream downstream, String method) {
        String service = downstream.name().toLowerCase();
        if (neverSent(failure)) {
            long retryAfter = failure instanceof ServiceBreaker.Open open ? open.retryAfterSeconds : 10L;
            return new DownstreamFailure(503, "service-unavailable", "The service is not available right now",
                    service + " is not taking calls; the request was not forwarded, so nothing was applied: try again shortly", retryAfter);
        }
        boolean timedOut = failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout");
        int status = timedOut ? 504 : 502;
        String what = timedOut ? service + " did not answer in time" : service + " dropped the call before answering";
        if (repeatable(method)) {
            return new DownstreamFailure(status, timedOut ? "gateway-timeout" : "bad-gateway", "No answer from the service",
                    what + "; repeating the request is safe", 5L);
        }
        return new DownstreamFailure(status, "outcome-unknown", "The outcome is unknown",
                what + ", after the request reached it: it may have been applied. To find out, repeat it with the same"
                + " Idempotency-Key header (an applied request answers with its first outcome and is not applied again),"
                + " or read the resource it creates or changes before trying again without one", null);
    }

    private static boolean neverSent(Throwable failure) {
        // the gateway's own breaker refused it, or the connection was never made (refused, or timed out connecting)
        return failure instanceof ServiceBreaker.Open || CallFailures.neverSent(failure);
    }

    private static boolean repeatable(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("PUT") || method.equals("DELETE");
    }
}
