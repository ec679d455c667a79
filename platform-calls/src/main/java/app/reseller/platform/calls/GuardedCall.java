package app.reseller.platform.calls;

import app.reseller.platform.domain.CallFailures;
import app.reseller.platform.domain.ProviderFault;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * One kind of call to another system behind its own guard (its own timeout, retries and circuit
 * breaker, built from its {@link CallPolicy}). Two calls never share a breaker: a failing restart
 * must not stop the health reads.
 *
 * <p>The rules are written here once for every provider: a failure is repeated (where the policy
 * allows repetitions) when it is a {@link ProviderFault} that is not a refusal, or a failure in
 * transit ({@link CallFailures#inTransit}); a refusal is never repeated and never opens a breaker
 * (it is the other side's considered answer, not a sign that it is down).
 */
public final class GuardedCall {

    private final String name;
    private final Guard guard;

    private GuardedCall(String name, Guard guard) {
        this.name = name;
        this.guard = guard;
    }

    /**
     * @param name unique in the app (it names the breaker and the metrics), e.g. {@code whapi-extend}
     */
    public static GuardedCall of(String name, CallPolicy policy) {
        Guard.Builder builder = Guard.create().withDescription(name)
                // the action only builds a non-blocking Uni: no thread of its own is needed
                .withThreadOffload(false)
                .withTimeout().duration(policy.timeout().toMillis(), ChronoUnit.MILLIS).done();
        if (policy.retries() > 0) {
            builder.withRetry()
                    .maxRetries(policy.retries())
                    .delay(policy.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(policy.retryJitter().toMillis(), ChronoUnit.MILLIS)
                    .whenException(GuardedCall::worthRepeating)
                    .withExponentialBackoff().maxDelay(policy.retryMaxDelay().toMillis(), ChronoUnit.MILLIS).done()
                    .done();
        }
        CallPolicy.Breaker breaker = policy.breaker();
        if (breaker.enabled()) {
            builder.withCircuitBreaker()
                    .name(name)
                    .requestVolumeThreshold(breaker.requests())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.openFor().toMillis(), ChronoUnit.MILLIS)
                    .when(failure -> !isRefusal(failure))
                    .done();
        }
        return new GuardedCall(name, builder.build());
    }

    /** The call, guarded; {@code call} is invoked again for each attempt. */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> run(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> guard.get(call::get, (Class<Uni<T>>) (Class<?>) Uni.class));
    }

    public String name() {
        return name;
    }

    static boolean worthRepeating(Throwable failure) {
        if (failure instanceof ProviderFault fault) {
            return fault.outcome() != ProviderFault.Outcome.REFUSED;
        }
        return CallFailures.inTransit(failure);
    }

    static boolean isRefusal(Throwable failure) {
        return failure instanceof ProviderFault fault && fault.outcome() == ProviderFault.Outcome.REFUSED;
    }
}
