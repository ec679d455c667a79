package app.reseller.platform.events;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The traceparent written on rows, and read back by whoever picks the row up. */
class TraceParentTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void theCurrentSpanIsWrittenAsAW3cTraceparentAndReadBackAsItsContext() {
        Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
        String written;
        try (Scope ignored = Context.root().with(span).makeCurrent()) {
            written = TraceParent.current();
        }
        assertEquals("00-" + TRACE + "-" + SPAN + "-01", written);
        SpanContext read = Span.fromContext(TraceParent.parse(written)).getSpanContext();
        assertEquals(TRACE, read.getTraceId());
        assertEquals(SPAN, read.getSpanId());
        assertEquals(true, read.isRemote(), "a parent from elsewhere");
    }

    @Test
    void noSpanMeansNoTraceparentAndNothingOrGarbageMeansANewTrace() {
        assertNull(TraceParent.current(), "outside any span");
        assertFalse(Span.fromContext(TraceParent.parse(null)).getSpanContext().isValid());
        assertFalse(Span.fromContext(TraceParent.parse("not-a-traceparent")).getSpanContext().isValid());
        assertFalse(Span.fromContext(TraceParent.parse("00-00000000000000000000000000000000-" + SPAN + "-01")).getSpanContext().isValid(),
                "an all-zero trace id is invalid");
    }
}
