package app.reseller.gateway.config;

import app.reseller.platform.calls.CallRules;
import app.reseller.platform.calls.PlatformCallsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Stops the gateway at start-up when its time settings break a rule (docs/gateway.md, "Timeouts"):
 * a route that makes a service call a provider waits at least the platform's provider budget (each
 * service checks that its provider calls end within it), longer than a route that does not, and the
 * gateway's own calls to the services end within the short budget.
 */
@ApplicationScoped
public class ServiceCallsCheck {

    private static final String PREFIX = "gateway.services.calls";

    void onStart(@Observes StartupEvent start, GatewayConfig config, PlatformCallsConfig platform) {
        rules(config, platform).enforce();
    }

    static CallRules rules(GatewayConfig config, PlatformCallsConfig platform) {
        GatewayConfig.Services services = config.services();
        CallRules rules = new CallRules("gateway")
                .notShorter("gateway.services.provider-call-timeout", services.providerCallTimeout(),
                        "platform.calls.provider-budget", platform.providerBudget(),
                        "the caller would get a 504 while the service is still waiting for WHAPI or Wappin")
                .longer("gateway.services.provider-call-timeout", services.providerCallTimeout(),
                        "gateway.services.timeout", services.timeout(), "a route calling a provider gets the longer budget");
        CallRules.policiesOf(ServiceCalls.class, services.calls(), PREFIX).forEach((name, call) -> rules
                .within("gateway.services.timeout", services.timeout(), name, call,
                        "the route would be cut before the call's own timeout gives a clear answer"));
        return rules;
    }
}
