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
}
