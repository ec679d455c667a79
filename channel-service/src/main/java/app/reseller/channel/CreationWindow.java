package app.reseller.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.PriorityQueue;

/**
 * WHAPI's channel-creation budget as it stands: at most {@code limit} creations in any
 * {@code length} (20 per 30 minutes), and perhaps a block WHAPI's own 429 asked for.
 *
 * @param startsInWindow when each creation of the last window was started, oldest first
 * @param blockedUntil   WHAPI said 429 with this Retry-After; null or past when not blocked
 */
public record CreationWindow(int limit, Duration length, List<Instant> startsInWindow, Instant blockedUntil) {

    public CreationWindow {
        startsInWindow = List.copyOf(startsInWindow);
    }

    /** How many creations may start now. */
    public int free(Instant now) {
        if (blockedUntil != null && blockedUntil.isAfter(now)) {
            return 0;
        }
        long stillCounting = startsInWindow.stream().filter(start -> start.plus(length).isAfter(now)).count();
        return (int) Math.max(0, limit - stillCounting);
    }

    /**
     * When the request at this queue position (1 = next) may expect WHAPI to be asked, if nothing else
     * joins ahead of it: a place frees when a creation leaves the window, and every creation started
     * for the queue frees its own place one window later.
     */
    public Instant estimate(int position, Instant now) {
        Instant from = blockedUntil != null && blockedUntil.isAfter(now) ? blockedUntil : now;
        // when each place of the window is next free: the free ones at once, the taken ones when their creation leaves
        PriorityQueue<Instant> freeAt = new PriorityQueue<>();
        for (int i = 0; i < free(from); i++) {
            freeAt.add(from);
        }
        startsInWindow.stream().filter(start -> start.plus(length).isAfter(from)).forEach(start -> freeAt.add(start.plus(length)));
        if (freeAt.isEmpty()) {
            return from; // a limit of 0: nothing ever frees; say "now" rather than never
        }
        Instant turn = from;
        for (int i = 0; i < Math.max(1, position); i++) {
            turn = freeAt.poll();
            freeAt.add(turn.plus(length)); // the creation started there holds the place one window long
        }
        return turn;
    }
}
