package app.reseller.platform.events;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Counts a {@link WaitedForAtShutdown} job's run in {@link WorkInFlight}: a {@code Uni}'s until it ends, any other's until it returns. */
@WaitedForAtShutdown
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
class WaitedForAtShutdownInterceptor {

    @Inject
    WorkInFlight work;

    @AroundInvoke
    Object counted(InvocationContext invocation) throws Exception {
        boolean reactive = Uni.class.isAssignableFrom(invocation.getMethod().getReturnType());
        if (!work.begin()) {
            return reactive ? Uni.createFrom().nullItem() : null;
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Exception | Error e) {
            work.end();
            throw e;
        }
        if (result instanceof Uni<?> uni) {
            return uni.onTermination().invoke(work::end);
        }
        work.end();
        return result;
    }
}
