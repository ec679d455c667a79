package app.reseller.platform.calls;

import io.smallrye.mutiny.Uni;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guards of a wrapper's calls, one per {@link CallPolicy} of its configuration group (e.g.
 * {@code WhapiCalls.Manager}), each named by its property prefix ({@code channel.whapi.calls.manager.extend}:
 * the breaker's and the metrics' name). A call names its policy by the group's method, so a call
 * without a policy does not compile:
 * <pre>{@code calls.run(WhapiCalls.Manager::extend, () -> api.extend(...))}</pre>
 */
public final class GuardedCalls<G> {

    private final G group;
    private final Map<CallPolicy, GuardedCall> guards = new IdentityHashMap<>();

    private GuardedCalls(G group) {
        this.group = group;
    }

    /** A guard for every policy of {@code group}, built once (read-only afterwards, so safe to share). */
    public static <G> GuardedCalls<G> of(Class<G> type, G group, String prefix) {
        GuardedCalls<G> calls = new GuardedCalls<>(group);
        CallRules.policiesOf(type, group, prefix).forEach((name, policy) -> calls.guards.put(policy, GuardedCall.of(name, policy)));
        return calls;
    }

    public <T> Uni<T> run(Function<G, CallPolicy> policy, Supplier<Uni<T>> call) {
        GuardedCall guard = guards.get(policy.apply(group));
        if (guard == null) {
            throw new IllegalStateException("no guard for this call: its policy is not a method of " + group.getClass().getSimpleName());
        }
        return guard.run(call);
    }
}
