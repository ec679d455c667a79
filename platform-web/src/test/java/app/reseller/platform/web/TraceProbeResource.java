package app.reseller.platform.web;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test-only: what the request's own span is, as the app's tracing made it. */
@Path("/trace-probe")
@Produces(MediaType.APPLICATION_JSON)
public class TraceProbeResource {

    public record Seen(String traceId, boolean valid, boolean recording, boolean sampled) {
    }

    @GET
    public Seen seen() {
        Span span = Span.current();
        SpanContext context = span.getSpanContext();
        return new Seen(context.getTraceId(), context.isValid(), span.isRecording(), context.isSampled());
    }
}
