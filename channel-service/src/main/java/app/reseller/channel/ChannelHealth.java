package app.reseller.channel;

import java.util.Locale;
import java.util.Set;

/**
 * The platform's verdict on a channel, from WHAPI's status text (GET /health and the 'channel'
 * webhook: NOT_INIT, INIT, LAUNCH, QR, AUTH, ERROR, SYNC_ERROR, STOP, ...). STUCK is never reported
 * by WHAPI: the monitor decides it, for a channel STARTING or FAILED for longer than the limit.
 */
public enum ChannelHealth {
    /** AUTH: linked and working. */
    HEALTHY,
    /** QR (and a logout): waiting for a person to link a phone; nothing to restart. */
    LINKING,
    /** NOT_INIT, INIT, LAUNCH, ...: WHAPI is starting the channel. */
    STARTING,
    /** Starting or failed for too long: restarted automatically, with back-off and a cap. */
    STUCK,
    /** ERROR, SYNC_ERROR, STOP, ...: WHAPI reports it broken. */
    FAILED;

    private static final Set<String> STARTING_STATUSES = Set.of("NOT_INIT", "INIT", "LAUNCH", "LAUNCHING", "STARTING", "SYNC");
    private static final Set<String> LINKING_STATUSES = Set.of("QR", "NOT_LINKED", "LOGGED_OUT");

    public static ChannelHealth of(String status) {
        String s = status == null ? "" : status.toUpperCase(Locale.ROOT);
        if (s.equals("AUTH")) {
            return HEALTHY;
        }
        if (LINKING_STATUSES.contains(s)) {
            return LINKING;
        }
        if (STARTING_STATUSES.contains(s)) {
            return STARTING;
        }
        return FAILED; // ERROR, SYNC_ERROR, STOP, and anything WHAPI adds that we do not know
    }

    /** Whether lasting in it means something broke (a restart may help). */
    public boolean restartWorthy() {
        return this == STARTING || this == FAILED || this == STUCK;
    }
}
