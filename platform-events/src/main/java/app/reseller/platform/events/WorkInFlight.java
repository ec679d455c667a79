package app.reseller.platform.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The background work a pod has under way (a scheduled job's pass, a dispatcher's round, a relay pass), so that a
 * shutdown lets it finish before the connection pools close. Without it a pass caught by a rollout failed with
 * "Pool closed" half-way: a webhook posted but its outcome not stored was sent again when its claim expired, a relay
 * pass's published rows stayed unsent (published twice), and each left a WARN (PodStopsItsJobsFirstTest).
 *
 * <p>Once {@link #finish} has begun nothing new begins, and {@code finish} returns when the pieces under way have
 * ended or its patience is out (what is still running then is cut, as a crash would cut it: its claims expire and
 * another pod takes the work). {@link #begin} counts first and looks second, and {@code finish} says it is stopping
 * first and counts second, so a piece that slips in between is either refused or waited for, never neither
 * (WorkInFlightTest races the two).
 */
@ApplicationScoped
public class WorkInFlight {

    private static final Logger LOG = Logger.getLogger(WorkInFlight.class);

    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;

    /** Starts a piece of work: true, and the caller must {@link #end} it; false when the pod is stopping, and it does nothing. */
    public boolean begin() {
        running.incrementAndGet();
        if (stopping) {
            end();
            return false;
        }
        return true;
    }

    public void end() {
        if (running.decrementAndGet() == 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** The work, counted from its start to its end (an item, a failure or a cancellation); when the pod is stopping, a null item and no work. */
    public <T> Uni<T> track(Supplier<Uni<T>> work) {
        if (!begin()) {
            return Uni.createFrom().nullItem();
        }
        try {
            return work.get().onTermination().invoke(this::end);
        } catch (RuntimeException e) {
            end();
            throw e;
        }
    }

    public boolean stopping() {
        return stopping;
    }

    /** How many pieces are under way now (metrics, tests). */
    public int running() {
        return running.get();
    }

    /** Refuses new work from now on and waits, at most {@code patience}, for the pieces under way: true when they all ended. */
    public boolean finish(Duration patience) {
        stopping = true;
        long started = System.nanoTime();
        long deadline = started + patience.toNanos();
        // Decided by what the loop saw, not by a count read afterwards: a begin refused now counts itself for an
        // instant before it gives up (begin counts before it looks), so a later read can catch a 1 that is no work.
        int seen;
        synchronized (this) {
            long left;
            while ((seen = running.get()) > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        if (seen == 0) {
            LOG.infof("shutting down: the work under way has finished (waited %d ms)", waitedMs);
            return true;
        }
        LOG.warnf("shutting down: %d pieces of work still running after %d ms are cut; their claims expire and another pod"
                + " takes them", seen, waitedMs);
        return false;
    }
}
