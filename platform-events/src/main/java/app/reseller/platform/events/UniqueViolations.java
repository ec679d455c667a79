package app.reseller.platform.events;

import org.hibernate.exception.ConstraintViolationException;
import io.vertx.pgclient.PgException;

/**
 * Whether a failure is PostgreSQL refusing a duplicate (SQLSTATE 23505), as Hibernate Reactive or
 * the Vert.x client reports it: the rule a unique index decides (one active plan per name, one
 * request per Idempotency-Key) turned into the service's refusal instead of a 500.
 */
public final class UniqueViolations {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {
    }

    /** A duplicate refused by the named unique index or constraint. */
    public static boolean of(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return constraint == null || constraint.equals(pg.getConstraint());
            }
            if (t instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return constraint == null || constraint.equalsIgnoreCase(violation.getConstraintName());
            }
        }
        return false;
    }
}
