package app.reseller.platform.events;

import com.fasterxml.jackson.core.JacksonException;
import io.smallrye.mutiny.CompositeException;
import org.hibernate.JDBCException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.TimeoutException;

/**
 * Tells a transient consumer failure (retry it, for as long as it takes) from a deterministic one
 * (the same record will fail the same way every time: dead-letter it). Transient is the named list
 * below; everything else is deterministic, so a bug or a poison record never blocks a partition
 * forever: it goes to the DLQ, and is redriven once fixed. An IOException is transient unless it is
 * Jackson's: unreadable data stays unreadable.
 */
public final class ConsumerFailures {

    /**
     * SQLSTATE classes and codes of a database that is away or busy: 08 connection, 40001
     * serialization, 40P01 deadlock, 53 insufficient resources, 55P03 lock not available, 57P0x
     * shutdown / cannot connect now, 57014 statement timeout, 58 system error.
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "58");
    private static final Set<String> TRANSIENT_CODES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03", "57014");

    private ConsumerFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        if (anyOf(failure, t -> t instanceof JacksonException)) {
            // Jackson's exceptions are IOExceptions, but data that does not read as its type (not JSON, a field of the
            // wrong shape) reads no better on a retry: taken for a broken connection, such an event was retried forever
            // and held its partition (DeadLetterRedriveTest)
            return false;
        }
        return anyOf(failure, t -> StaleWrites.isStale(t) || t instanceof IOException || t instanceof TimeoutException
                || t instanceof java.net.ConnectException || transientSqlState(sqlState(t)) || isConnectionTrouble(t));
    }

    /**
     * Whether the failure, its causes, what was suppressed along them, or any of a composite's failures is one the
     * test accepts. A composite is what a transaction cut at its start gives (the begin's failure and the rollback's):
     * its own cause is only the first of them, and walking causes alone once sent such an event to the dead-letter
     * topic (ChannelEventsThroughADatabaseOutageTest).
     */
    private static boolean anyOf(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>();
        next.push(failure);
        while (!next.isEmpty()) {
            Throwable t = next.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                next.push(t.getCause());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                next.push(suppressed);
            }
            if (t instanceof CompositeException composite) {
                composite.getCauses().forEach(next::push);
            }
        }
        return false;
    }

    private static String sqlState(Throwable t) {
        if (t instanceof JDBCException jdbc) {
            return jdbc.getSQLState();
        }
        if (t instanceof io.vertx.pgclient.PgException pg) {
            return pg.getSqlState();
        }
        return null;
    }

    private static boolean transientSqlState(String state) {
        return state != null && state.length() == 5
                && (TRANSIENT_CODES.contains(state) || TRANSIENT_CLASSES.contains(state.substring(0, 2)));
    }

    /** The reactive client's own words for a pool or connection that is gone (it has no SQLSTATE then). */
    private static boolean isConnectionTrouble(Throwable t) {
        String type = t.getClass().getName();
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase();
        return type.equals("io.vertx.sqlclient.ClosedConnectionException")
                || type.startsWith("io.netty.channel.") && type.endsWith("Exception")
                || type.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                || message.contains("connection refused") || message.contains("connection is closed")
                || message.contains("connection is not active") // "Connection is not active now, current status: CLOSED"
                || message.contains("timeout while waiting for a connection") || message.contains("pool closed")
                || message.contains("connection reset");
    }
}
