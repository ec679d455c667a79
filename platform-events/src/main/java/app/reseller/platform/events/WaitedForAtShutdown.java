package app.reseller.platform.events;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @Scheduled} job (returning a {@code Uni} or nothing): a run under way when the pod starts shutting down
 * is waited for before the pools close, and no run starts after that ({@link WorkInFlight}). Every scheduled job that
 * uses the database carries it.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface WaitedForAtShutdown {
}
