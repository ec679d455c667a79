package app.reseller.channel.config;

import app.reseller.platform.calls.CallRules;
import app.reseller.platform.calls.PlatformCallsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;


/**
 * Stops channel-service at start-up when its WHAPI call settings break a rule that only holds
 * between settings (docs/configuration.md, "Calls to WHAPI and Wappin"):
 * <ul>
 * <li>an unanswered extend is judged "not applied" only after the settle window, so the window must
 * be longer than an extend can take; shorter, and an extend WHAPI applied late is paid twice;</li>
 * <li>every call ends within the platform's provider budget, which the gateway waits for;</li>
 * <li>the HTTP clients' own read timeouts never cut a call before its configured timeout;</li>
 * <li>create, extend, restart and send are never repeated blindly.</li>
 * </ul>
 */
@ApplicationScoped
public class WhapiCallsCheck {

    private static final String MANAGER = "channel.whapi.calls.manager";
    private static final String GATE = "channel.whapi.calls.gate";
    private static final String TWICE = "WHAPI would do it twice; only a read of WHAPI's state can tell whether a failed call happened";

    void onStart(@Observes StartupEvent start, ChannelConfig config, PlatformCallsConfig platform, Config raw) {
        rules(config, platform, raw).enforce();
    }

    static CallRules rules(ChannelConfig config, PlatformCallsConfig platform, Config raw) {
        WhapiCalls calls = config.whapi().calls();
        return new CallRules("channel-service")
                .longer("channel.extension.settle-window", config.extension().settleWindow(),
                        "the worst case of " + MANAGER + ".extend", calls.manager().extend().worstCase(),
                        "an extend WHAPI applies after we stopped waiting would be judged not applied and paid again")
                .neverRepeated(MANAGER + ".create", calls.manager().create(), TWICE)
                .neverRepeated(MANAGER + ".extend", calls.manager().extend(), TWICE)
                .neverRepeated(MANAGER + ".restart", calls.manager().restart(), TWICE)
                .neverRepeated(GATE + ".send", calls.gate().send(), TWICE)
                .providerClient("whapi-manager", raw, platform.providerBudget(),
                        CallRules.policiesOf(WhapiCalls.Manager.class, calls.manager(), MANAGER))
                .providerClient("whapi-gate", raw, platform.providerBudget(), CallRules.policiesOf(WhapiCalls.Gate.class, calls.gate(), GATE));
    }
}
