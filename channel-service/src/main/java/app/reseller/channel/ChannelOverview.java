package app.reseller.channel;

import java.time.Instant;
import java.util.Map;

/**
 * Every channel that is not deleted, counted the ways an operator looks at a fleet: by state, by
 * mode, by WHAPI's link status, by health; and the ACTIVE ones whose paid time ends soon.
 *
 * @param byLinkStatus "UNKNOWN" for a channel whose link status was never seen
 * @param byHealth     "UNCHECKED" for a channel the health monitor has not looked at yet
 */
public record ChannelOverview(Instant asOf, long total, Map<String, Long> byState, Map<String, Long> byMode,
                              Map<String, Long> byLinkStatus, Map<String, Long> byHealth, Expiring expiring) {

    /**
     * ACTIVE channels by when their paid time ends: already ended, and within 3, 7 and 30 days of
     * {@code asOf} (each window includes the shorter ones).
     */
    public record Expiring(long ended, long within3Days, long within7Days, long within30Days) {
    }
}
