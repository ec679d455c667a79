package app.reseller.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The circuit breaker of one service, on the gateway's hot path: after {@code failuresToOpen}
 * failed calls in a row the service is not called for {@code openFor}; then, half-open, up to
 * {@code trials} calls at once go through, the first success closes it and a failure opens it again.
 *
 * <p>Why not SmallRye Fault Tolerance here (the services use it for their provider calls): every
 * guarded call paid for context propagation, a CompletionStage chain and events, about a tenth of
 * the gateway's CPU per forwarded request (profiled, docs/benchmarks.md), for a state machine of
 * a few lines. Only real service failures count: a caller who hangs up is {@link #released()},
 * neither success nor failure.
 *
 * <p>Metrics: {@code gateway_breaker_state{service}} (0 closed, 1 half-open, 2 open),
 * {@code gateway_breaker_opened_total} and {@code gateway_breaker_refused_total}.
 */
final class ServiceBreaker {

    enum State { CLOSED, HALF_OPEN, OPEN }

    private final int failuresToOpen;
    private final Duration openFor;
    private final int trials;
    private final Clock clock;
    private final Counter opened;
    private final Counter refused;

    private State state = State.CLOSED;
    private int failuresInARow;
    private Instant openUntil = Instant.MIN;
    private int trialsInFlight;

    ServiceBreaker(String service, int failuresToOpen, Duration openFor, int trials, Clock clock, MeterRegistry registry) {
        this.failuresToOpen = failuresToOpen;
        this.openFor = openFor;
        this.trials = trials;
        this.clock = clock;
        this.opened = Counter.builder("gateway.breaker.opened").tag("service", service).register(registry);
        this.refused = Counter.builder("gateway.breaker.refused").tag("service", service).register(registry);
        Gauge.builder("gateway.breaker.state", this, b -> b.state().ordinal()).tag("service", service).register(registry);
    }

    /** Whether a call may go to the service now; when it may, exactly one of the three outcomes must follow. */
    synchronized boolean tryAcquire() {
        if (state == State.OPEN) {
            if (clock.instant().isBefore(openUntil)) {
                refused.increment();
                return false;
            }
            state = State.HALF_OPEN;
            trialsInFlight = 0;
        }
        if (state == State.HALF_OPEN) {
            if (trialsInFlight >= trials) {
                refused.increment();
                return false;
            }
            trialsInFlight++;
        }
        return true;
    }

    synchronized void succeeded() {
        failuresInARow = 0;
        if (state == State.HALF_OPEN) {
            state = State.CLOSED;
        }
    }

    synchronized void failed() {
        failuresInARow++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failuresInARow >= failuresToOpen)) {
            state = State.OPEN;
            openUntil = clock.instant().plus(openFor);
            opened.increment();
        }
    }

    /** The call ended without saying anything about the service (its caller hung up). */
    synchronized void released() {
        if (state == State.HALF_OPEN && trialsInFlight > 0) {
            trialsInFlight--;
        }
    }

    synchronized State state() {
        return state == State.OPEN && !clock.instant().isBefore(openUntil) ? State.HALF_OPEN : state;
    }

    /** Seconds until an open breaker lets trial calls through (at least 1). */
    synchronized long secondsUntilTrial() {
        return Math.max(1, (Duration.between(clock.instant(), openUntil).toMillis() + 999) / 1000);
    }

    /** A call refused because the breaker is open: it never left the gateway. */
    static final class Open extends RuntimeException {
        final long retryAfterSeconds;

        Open(String service, long retryAfterSeconds) {
            super(service + " is refused by its open circuit breaker", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }
}
