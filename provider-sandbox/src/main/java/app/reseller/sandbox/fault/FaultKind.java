package app.reseller.sandbox.fault;

/** What the sandbox does to a matching request instead of (or besides) answering it normally. */
public enum FaultKind {
    /** Wait {@code delayMs}, then handle the request normally. */
    LATENCY,
    /** Answer {@code status} with a provider-shaped error body at once; the request is not handled. */
    ERROR,
    /** Hold the request {@code delayMs} without answering, then drop the connection; not handled. */
    TIMEOUT,
    /** Handle the request (its effect happens), then drop the connection before any answer byte. */
    LOST_ANSWER,
    /** Answer HTTP 200 with a Wappin result {@code code} in the body (e.g. 407, 601, 700); not handled. */
    RESULT_CODE
}
