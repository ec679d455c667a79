package app.reseller.platform.events;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs reactive work in a span of its own whose parent is given (an event's producer, a stored
 * traceparent), with that span current until the work ends: the provider calls and the events the
 * work makes join the trace. The span stays attached to the (duplicated) Vert.x context the work
 * runs on, which is where Quarkus keeps the OpenTelemetry context, and is detached when it ends.
 */
@ApplicationScoped
public class TracedWork {

    private final Tracer tracer;

    public TracedWork(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("app.reseller.platform");
    }

    public <T> Uni<T> run(String name, SpanKind kind, Context parent, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).startSpan();
            Scope scope = parent.with(span).makeCurrent();
            Uni<T> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                end(span, scope, e);
                throw e;
            }
            return started.onTermination().invoke((item, failure, cancelled) -> end(span, scope, failure));
        });
    }

    private static void end(Span span, Scope scope, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            span.recordException(failure);
        }
        span.end();
        scope.close();
    }
}
