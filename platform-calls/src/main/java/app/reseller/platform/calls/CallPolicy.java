package app.reseller.platform.calls;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How one kind of call to another system is guarded, read from configuration (a group inside an
 * app's {@code @ConfigMapping}, one per call): the timeout of one attempt, how often a failed attempt
 * is repeated and with which back-off, and whether the call has a circuit breaker. Written here once
 * so that no wrapper carries these values as annotation literals that configuration cannot see.
 *
 * <p>{@code retries} stays 0 for a call that must never be repeated blindly (a create, an extend, a
 * send): only its caller can tell, by reading the provider's state, whether a failed call happened.
 */
public interface CallPolicy {

    /** The longest one attempt may take; then it fails as a timeout (its answer is lost). */
    Duration timeout();

    /** Attempts after the first on a transient fault or a failure in transit; 0: never repeated here. */
    @WithDefault("0")
    int retries();

    /** The wait before the first repetition; each later wait doubles, up to {@link #retryMaxDelay()}. */
    @WithDefault("200ms")
    Duration retryDelay();

    @WithDefault("3s")
    Duration retryMaxDelay();

    /** A random part of each wait (±), so that many callers do not repeat in step. */
    @WithDefault("100ms")
    Duration retryJitter();

    Breaker breaker();

    /** Opens after {@code failureRatio} of the last {@code requests} calls failed; stays open {@code openFor}. */
    interface Breaker {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("10")
        int requests();

        @WithDefault("0.6")
        double failureRatio();

        @WithDefault("10s")
        Duration openFor();
    }

    /**
     * The longest the guarded call can take before its caller hears the outcome: every attempt
     * timing out, with the longest waits between them. A budget above a caller (the gateway's
     * time for a route, the settle window of an extension) must be longer than this.
     */
    default Duration worstCase() {
        Duration total = timeout().multipliedBy(retries() + 1L);
        Duration wait = retryDelay();
        for (int i = 0; i < retries(); i++) {
            Duration capped = wait.compareTo(retryMaxDelay()) > 0 ? retryMaxDelay() : wait;
            total = total.plus(capped).plus(retryJitter());
            wait = wait.multipliedBy(2);
        }
        return total;
    }
}
