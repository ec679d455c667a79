package app.reseller.sandbox.whapi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the simulated WHAPI behaves. Defaults follow PROVIDERS.md. */
@ConfigMapping(prefix = "sandbox.whapi")
public interface WhapiSandboxConfig {

    /** The partner token the simulated manager API accepts (a sandbox value, not a secret). */
    @WithDefault("sandbox-partner-token")
    String partnerToken();

    @WithDefault("sandbox-partner")
    String partnerName();

    /** Days on the partner balance when the sandbox starts. */
    @WithDefault("1000")
    long initialBalanceDays();

    @WithDefault("5")
    int trialDays();

    /** Repeated extends of one channel are refused this long after the last one. */
    @WithDefault("5m")
    Duration extendBlock();

    /** At most this many channel creations per creation window (then 429). */
    @WithDefault("20")
    int creationLimit();

    @WithDefault("30m")
    Duration creationWindow();

    /** Time between a sent message's statuses (sent, delivered, read), each a "statuses" webhook. */
    @WithDefault("1s")
    Duration statusStep();

    /**
     * A webhook call that gets no 200 is sent again after this times the attempts so far (3 s, 6 s,
     * 9 s, ...): WHAPI's linear back-off, whose step is a channel's callback_backoff_delay_ms (3 s at
     * least). The sandbox uses this one step for every channel, so tests can shorten it.
     */
    @WithDefault("3s")
    Duration callbackBackoff();

    /** How many times one webhook call is sent at most (the first and the retries); then it is dropped. */
    @WithDefault("10")
    int callbackAttempts();

    /** How long one webhook call waits for its answer before it counts as failed (and is retried). */
    @WithDefault("5s")
    Duration callbackTimeout();
}
