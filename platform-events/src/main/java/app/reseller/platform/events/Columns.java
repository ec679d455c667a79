package app.reseller.platform.events;

import jakarta.persistence.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Typed values of a native query's row, read by column name into a repository's record. Hibernate
 * Reactive cannot build a record from a native row, so repositories read a {@link Tuple} (named
 * columns, never positions) and convert here: PostgreSQL's timestamptz arrives as an
 * OffsetDateTime, sum() of bigints as a BigDecimal.
 */
public final class Columns {

    private Columns() {
    }

    public static Instant instant(Tuple row, String column) {
        Object value = row.get(column);
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("column " + column + " is a " + value.getClass().getName() + ", not a time");
    }

    /** A whole number column (bigint, int, numeric of a sum); 0 for SQL null. */
    public static long whole(Tuple row, String column) {
        Object value = row.get(column);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** As {@link #whole}, but null stays null. */
    public static Integer wholeOrNull(Tuple row, String column) {
        Object value = row.get(column);
        return value == null ? null : ((Number) value).intValue();
    }

    public static String text(Tuple row, String column) {
        return row.get(column, String.class);
    }
}
