package app.reseller.platform.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The period a statement or an export covers: {@code from} inclusive, {@code to} exclusive. Asked
 * without bounds, it is this month (UTC) up to now; {@code from} must come before {@code to}.
 */
public record Period(Instant from, Instant to) {

    public static Period of(Instant from, Instant to, Clock clock) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from
                : LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (!start.isBefore(end)) {
            throw new InvalidValue("from", "invalid-period", "Invalid period", "from must come before to");
        }
        return new Period(start, end);
    }

    /** "2026-12-01-2026-12-03": for a file name. */
    public String label() {
        return from.toString().substring(0, 10) + "-" + to.toString().substring(0, 10);
    }
}
