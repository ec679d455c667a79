package app.reseller.channel;

import java.util.Locale;
import java.util.Set;

/**
 * The platform's verdict on a channel, from WHAPI's status text (GET /health and the 'channel'
 * webhook: NOT_INIT, INIT, LAUNCH, QR, AUTH, ERROR, SYNC_ERROR, STOP, ...). STUCK and SILENT are never
 * reported by WHAPI: the monitor decides them, STUCK for a channel STARTING or FAILED for longer than
 * the limit, SILENT for a linked channel whose sends get no status.
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
    FAILED,
    /**
     * WHAPI says AUTH but nothing flows: a message sent through it got no status within
     * channel.health.silent-after. Restarted like a stuck one; healthy again when a status or an
     * inbound message shows something flows (WHAPI's AUTH alone does not: it said so all along).
     */
    SILENT;

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
        return this == STARTING || this == FAILED || this == STUCK || this == SILENT;
    }
}
