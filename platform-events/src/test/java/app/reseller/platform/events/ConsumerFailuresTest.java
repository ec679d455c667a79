package app.reseller.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures a consumer retries for as long as it takes, and which go to the dead-letter topic at once. */
class ConsumerFailuresTest {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    record Payload(String channelId, int days, Instant at) {
    }

    private static IllegalArgumentException unreadable(String data) {
        ReceivedEvent event = new ReceivedEvent(UUID.randomUUID(), "test.Payload.v1", "/test", null, null, "t", "k", data);
        return assertThrows(IllegalArgumentException.class, () -> event.dataAs(JSON, Payload.class));
    }

    /** Jackson's exceptions are IOExceptions; data that does not read now will not read on a retry either. */
    @Test
    void dataThatDoesNotReadAsItsTypeIsNotTransient() {
        assertFalse(ConsumerFailures.isTransient(unreadable("{\"channelId\":\"c\",\"days\":\"thirty\",\"at\":null}")), "a field of the wrong type");
        assertFalse(ConsumerFailures.isTransient(unreadable("{\"channelId\":\"c\",\"days\":1,\"at\":\"next tuesday\"}")), "an instant that is not one");
        assertFalse(ConsumerFailures.isTransient(unreadable("{\"channelId\":")), "not JSON at all");
        assertFalse(ConsumerFailures.isTransient(unreadable("[1, 2]")), "JSON of another shape");
        // a Jackson failure wrapped in a retryable-looking IOException is still about the data
        assertFalse(ConsumerFailures.isTransient(new IOException("reading the event", unreadable("{"))));
    }

    @Test
    void aBrokerOrDatabaseThatIsAwayIsTransient() {
        assertTrue(ConsumerFailures.isTransient(new ConnectException("Connection refused")));
        assertTrue(ConsumerFailures.isTransient(new RuntimeException(new IOException("Broken pipe"))));
        assertTrue(ConsumerFailures.isTransient(new RuntimeException("Timeout while waiting for a connection")));
    }

    /**
     * What a consumer's transaction gave when PostgreSQL terminated its connection at the transaction's start
     * (ChannelEventsThroughADatabaseOutageTest): the begin's failure and the rollback's, in a composite whose
     * cause is only the first. It was taken for a rule's refusal and the event went to the dead-letter topic.
     */
    @Test
    void aTransactionCutAtItsStartIsTransient() {
        String closed = "Connection is not active now, current status: CLOSED";
        assertTrue(ConsumerFailures.isTransient(new io.smallrye.mutiny.CompositeException(
                new org.hibernate.HibernateException(new io.vertx.core.impl.NoStackTraceThrowable(closed)),
                new io.vertx.core.impl.NoStackTraceThrowable(closed))));
        assertTrue(ConsumerFailures.isTransient(new io.vertx.core.impl.NoStackTraceThrowable(closed)));
        assertTrue(ConsumerFailures.isTransient(new io.smallrye.mutiny.CompositeException(
                new IllegalStateException("HR000090: Live transaction detected while closing the connection"),
                new RuntimeException(new IOException("Broken pipe")))), "a composite's second failure counts too");
        IllegalStateException suppressing = new IllegalStateException("the effect failed");
        suppressing.addSuppressed(new ConnectException("Connection refused"));
        assertTrue(ConsumerFailures.isTransient(suppressing), "what was suppressed counts too");
        assertFalse(ConsumerFailures.isTransient(new io.smallrye.mutiny.CompositeException(
                new IllegalStateException("a bug"), new IllegalArgumentException("a refusal"))), "a composite of refusals is not");
    }

    @Test
    void aRuleThatRefusesTheEventIsNotTransient() {
        assertFalse(ConsumerFailures.isTransient(new IllegalArgumentException("the probe refuses a negative seq: -5")));
        assertFalse(ConsumerFailures.isTransient(new IllegalStateException("a bug")));
    }
}
