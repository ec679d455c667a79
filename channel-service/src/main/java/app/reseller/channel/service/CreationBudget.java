package app.reseller.channel.service;

import app.reseller.channel.CreationWindow;
import app.reseller.channel.QueuePlace;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.CreationQueueRepository;
import app.reseller.channel.repository.CreationQueueRepository.WindowRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * WHAPI's creation window, spent once for the whole platform: whether a create may go to WHAPI now
 * or waits in the queue, which queued requests go next, and what a 429 from WHAPI means (the window
 * is full after all: wait as long as it says). Every decision is taken under the window's row lock.
 */
@ApplicationScoped
public class CreationBudget {

    private static final Logger LOG = Logger.getLogger(CreationBudget.class);

    private final CreationQueueRepository queue;
    private final ChannelConfig.Create config;
    private final Clock clock;

    public CreationBudget(CreationQueueRepository queue, ChannelConfig config, Clock clock) {
        this.queue = queue;
        this.config = config.create();
        this.clock = clock;
    }

    /**
     * In the caller's transaction: whether a new create may ask WHAPI at once. Only when the window
     * has room and nobody waits (a newcomer never overtakes the queue). The window stays locked
     * until the caller commits, so its create is counted before anyone else decides.
     */
    Uni<Boolean> mayStartNow(Instant now) {
        return queue.lockWindow(now.minus(counted()))
                .chain(row -> window(row).free(now) == 0 ? Uni.createFrom().item(false) : queue.anyQueued().map(waiting -> !waiting));
    }

    /** Moves as many queued requests to CREATING, in turn, as the window has room for. @return their ids */
    Uni<List<UUID>> startNext() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> queue.lockWindow(now.minus(counted())).chain(row -> {
            int free = window(row).free(now);
            return free == 0 ? Uni.createFrom().item(List.<UUID>of()) : queue.startNext(free, now);
        }));
    }

    /** WHAPI answered 429: nobody asks before its Retry-After, and this request waits again in its old place. */
    Uni<Void> windowFull(UUID channelId, Duration retryAfter) {
        Instant now = clock.instant();
        Duration wait = retryAfter == null || retryAfter.isZero() || retryAfter.isNegative() ? config.blockWithoutRetryAfter() : retryAfter;
        LOG.infof("channel %s: WHAPI's creation window is full; queued again, nobody asks WHAPI for %d s", channelId, wait.toSeconds());
        return Panache.withTransaction(() -> queue.blockUntil(now.plus(wait)).chain(() -> queue.requeue(channelId, now))).replaceWithVoid();
    }

    /** Back to the queue without asking WHAPI: an earlier request of the same pass found the window full. */
    Uni<Void> requeue(UUID channelId) {
        return Panache.withTransaction(() -> queue.requeue(channelId, clock.instant())).replaceWithVoid();
    }

    /** Where every queued request stands now. */
    public Uni<Map<UUID, QueuePlace>> places() {
        Instant now = clock.instant();
        return Panache.withSession(() -> queue.positions().chain(positions -> queue.readWindow(now.minus(counted()))
                .map(row -> {
                    CreationWindow window = window(row);
                    Map<UUID, QueuePlace> places = new java.util.LinkedHashMap<>();
                    positions.forEach((id, position) -> places.put(id, new QueuePlace(position, window.estimate(position, now))));
                    return places;
                })));
    }

    private CreationWindow window(WindowRow row) {
        return new CreationWindow(config.windowLimit(), counted(), row.startsSince(), row.blockedUntil());
    }

    /** How long a start of ours counts: the window, and the margin by which WHAPI may have received it later. */
    private Duration counted() {
        return config.window().plus(config.windowMargin());
    }
}
