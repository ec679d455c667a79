package app.reseller.platform.calls;

import java.time.Duration;
import java.util.ArrayList;
import org.eclipse.microprofile.config.Config;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules call settings must keep together: relations between times that only hold together ("the
 * settle window is longer than an extend can take") and calls that must never be repeated blindly.
 * Checked when an app starts, so that a configuration breaking one stops the app with a sentence
 * naming the settings, instead of surfacing as a rare double extension or a duplicate message.
 */
public final class CallRules {

    private final String app;
    private final List<String> broken = new ArrayList<>();

    public CallRules(String app) {
        this.app = app;
    }

    /** {@code longer} must be strictly longer than {@code shorter}; {@code why} says what breaks otherwise. */
    public CallRules longer(String longerName, Duration longer, String shorterName, Duration shorter, String why) {
        if (longer.compareTo(shorter) <= 0) {
            broken.add(longerName + " (" + longer + ") must be longer than " + shorterName + " (" + shorter + "): " + why);
        }
        return this;
    }

    /** {@code call} ends, with all its attempts, within {@code budget}. */
    public CallRules within(String budgetName, Duration budget, String callName, CallPolicy call, String why) {
        return longer(budgetName, budget, "the worst case of " + callName + " (" + (call.retries() + 1) + " attempts of "
                + call.timeout() + " and the waits between them)", call.worstCase(), why);
    }

    /** An HTTP client's own read timeout must not cut a call before the call's configured timeout. */
    public CallRules notShorter(String name, Duration value, String otherName, Duration other, String why) {
        if (value.compareTo(other) < 0) {
            broken.add(name + " (" + value + ") must not be shorter than " + otherName + " (" + other + "): " + why);
        }
        return this;
    }

    /**
     * The calls of one HTTP client (e.g. {@code quarkus.rest-client.wappin}) to a provider: each ends,
     * all attempts included, within the platform's provider budget, and the client's own read timeout
     * (Quarkus' default 30 s when unset) cuts none of them before its configured timeout.
     */
    public CallRules providerClient(String client, Config config, Duration providerBudget, Map<String, CallPolicy> calls) {
        String readTimeoutName = "quarkus.rest-client." + client + ".read-timeout";
        Duration readTimeout = Duration.ofMillis(config.getOptionalValue(readTimeoutName, Long.class).orElse(30_000L));
        calls.forEach((name, call) -> within("platform.calls.provider-budget", providerBudget, name, call,
                "the gateway would answer 504 while the call is still running")
                .notShorter(readTimeoutName, readTimeout, name + ".timeout", call.timeout(), "the client would give up first"));
        return this;
    }

    /** A call that is not idempotent at the other side: configuration must not make it repeat. */
    public CallRules neverRepeated(String name, CallPolicy policy, String why) {
        if (policy.retries() != 0) {
            broken.add(name + ".retries (" + policy.retries() + ") must be 0: " + why);
        }
        return this;
    }

    /**
     * Every {@link CallPolicy} of a group of calls (e.g. an app's {@code WhapiCalls}) by its property
     * name ({@code prefix.change-mode}), so that a rule over all of them cannot miss one added later.
     */
    public static <T> Map<String, CallPolicy> policiesOf(Class<T> type, T group, String prefix) {
        Map<String, CallPolicy> policies = new TreeMap<>();
        for (Method method : type.getMethods()) {
            if (method.getReturnType() == CallPolicy.class && method.getParameterCount() == 0) {
                try {
                    policies.put(prefix + "." + kebab(method.getName()), (CallPolicy) method.invoke(group));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + method.getName(), e);
                }
            }
        }
        return policies;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    public List<String> broken() {
        return List.copyOf(broken);
    }

    /** Stops the start when a rule is broken, naming every broken one. */
    public void enforce() {
        if (!broken.isEmpty()) {
            throw new IllegalStateException(app + " cannot start with these call settings:\n  - "
                    + String.join("\n  - ", broken));
        }
    }
}
