package app.reseller.platform.events.probe;

import app.reseller.platform.events.WaitedForAtShutdown;
import app.reseller.platform.events.WorkInFlight;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheduled job of the probe app (off unless probe.job.every is set): each run records the work WorkInFlight counts
 * while it runs, and a run finds a hold armed by a test waits for it to be released.
 */
@ApplicationScoped
public class ProbeJob {

    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger blockingRuns = new AtomicInteger();
    /** work.running() as each run saw it from inside. */
    private final List<Integer> countedInside = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> heldRunStarted = new CompletableFuture<>();
    private volatile CompletableFuture<Void> hold;
    private volatile boolean heldRunEnded;

    @Inject
    WorkInFlight work;

    @WaitedForAtShutdown
    @Scheduled(every = "${probe.job.every:off}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        runs.incrementAndGet();
        countedInside.add(work.running());
        CompletableFuture<Void> held = hold;
        if (held == null) {
            return Uni.createFrom().voidItem();
        }
        heldRunStarted.complete(null);
        return Uni.createFrom().completionStage(held).invoke(() -> heldRunEnded = true);
    }

    public int runs() {
        return runs.get();
    }

    public int blockingRuns() {
        return blockingRuns.get();
    }

    public List<Integer> countedInside() {
        return List.copyOf(countedInside);
    }

    /** The next run waits for the hold to be released; completes when that run started. */
    public CompletableFuture<Void> holdNextRun(CompletableFuture<Void> release) {
        hold = release;
        return heldRunStarted;
    }

    public boolean heldRunEnded() {
        return heldRunEnded;
    }

    /** A blocking job's shape: counted until it returns. */
    @WaitedForAtShutdown
    public String blocking() {
        blockingRuns.incrementAndGet();
        return "ran while " + work.running() + " counted";
    }
}
