package app.reseller.infra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves: installed for one test with
 * {@code QuarkusMock.installMockForType(clock, Clock.class)}, it makes every time-based decision
 * of the app (leases, stale channels, reservation age) see the future without editing rows by SQL.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Instant> frozen = new AtomicReference<>();

    /** Stops the clock where it stands: figures computed twice from "now" (a forecast) are computed from the same instant. */
    public TestClock freeze() {
        frozen.set(Instant.now());
        return this;
    }

    public TestClock advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
        return this;
    }

    @Override
    public Instant instant() {
        Instant stopped = frozen.get();
        return stopped != null ? stopped.plus(offset.get()) : Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
