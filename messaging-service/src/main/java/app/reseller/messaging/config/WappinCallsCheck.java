package app.reseller.messaging.config;

import app.reseller.platform.calls.CallRules;
import app.reseller.platform.calls.PlatformCallsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;


/**
 * Stops messaging-service at start-up when its Wappin call settings break a rule
 * (docs/configuration.md, "Calls to WHAPI and Wappin"): the sends are never repeated blindly, every
 * call ends within the platform's provider budget (which the gateway waits for), and the HTTP
 * client's own read timeout never cuts a call before its configured timeout.
 */
@ApplicationScoped
public class WappinCallsCheck {

    private static final String PREFIX = "messaging.wappin.calls";
    private static final String TWICE = "the message would go out twice; only MessageSender can tell whether a failed send happened";

    void onStart(@Observes StartupEvent start, MessagingConfig config, PlatformCallsConfig platform, Config raw) {
        rules(config, platform, raw).enforce();
    }

    static CallRules rules(MessagingConfig config, PlatformCallsConfig platform, Config raw) {
        WappinCalls calls = config.wappin().calls();
        return new CallRules("messaging-service")
                .neverRepeated(PREFIX + ".send-hsm", calls.sendHsm(), TWICE)
                .neverRepeated(PREFIX + ".send-text", calls.sendText(), TWICE)
                .neverRepeated(PREFIX + ".send-media", calls.sendMedia(), TWICE)
                .providerClient("wappin", raw, platform.providerBudget(), CallRules.policiesOf(WappinCalls.class, calls, PREFIX));
    }
}
