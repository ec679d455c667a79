package app.reseller.platform.calls;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** What every app that calls another system shares about those calls. */
@ConfigMapping(prefix = "platform.calls")
public interface PlatformCallsConfig {

    /**
     * The time a request that makes a service call WHAPI or Wappin may take through the gateway
     * (the gateway's provider-call-timeout may not be shorter). Each service checks at start-up
     * that every provider call it guards ends within it, retries included; set it once for all apps
     * (deploy/: the shared ConfigMap).
     */
    @WithDefault("90s")
    Duration providerBudget();
}
