package app.reseller.platform.events.probe;

import java.time.Instant;

/** The probe event's payload. committedAt lets the benchmark measure commit -> effect. */
public record ProbeChanged(String aggregateId, int seq, Instant committedAt) {
    public static final String TYPE = "probe.ProbeChanged.v1";
}
