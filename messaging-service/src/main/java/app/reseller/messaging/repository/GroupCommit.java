package app.reseller.messaging.repository;

import app.reseller.messaging.config.MessagingConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Group commit in the app: the rows of concurrent callers go to the database together, one
 * statement (one transaction, one WAL flush) for every row that queued while the previous statements
 * ran, up to {@code maxBatch}, with at most {@code parallel} statements at once. A caller is answered
 * only when the statement holding its row has committed, so "stored before answered" holds row by
 * row. No timer: a row that finds a free slot goes at once, alone, so a light load waits for nothing.
 * <p>
 * A statement that fails fails all its rows; each is then tried alone, so one row the database
 * refuses cannot take the others down with it (they would be answered 5xx, repeated by the sender,
 * and meet the same row again).
 *
 * Also used for what is not a callback: the webhook dispatcher records its attempts' outcomes this way.
 *
 * @param <T> a row
 * @param <R> what its caller is answered
 */
public final class GroupCommit<T, R> {

    private record Pending<T, R>(T row, UniEmitter<? super R> caller) {
    }

    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final int parallel;
    private final int maxBatch;
    /** Stores the rows in one statement; answers one result per row, in order. */
    private final Function<List<T>, Uni<List<R>>> store;

    public GroupCommit(int parallel, int maxBatch, Function<List<T>, Uni<List<R>>> store) {
        if (parallel < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("parallel and maxBatch are 1 or more");
        }
        this.parallel = parallel;
        this.maxBatch = maxBatch;
        this.store = store;
    }

    /**
     * The group commit of one type of Wappin callback, each statement's size measured
     * ({@code callbacks.store.batch}, tag {@code type}; a retry row by row counts as statements of one).
     */
    static <T, R> GroupCommit<T, R> ofCallbacks(String type, MessagingConfig.Callbacks config, MeterRegistry metrics,
                                                Function<List<T>, Uni<List<R>>> store) {
        DistributionSummary sizes = DistributionSummary.builder("callbacks.store.batch").tag("type", type)
                .description("callbacks stored by one statement").register(metrics);
        return new GroupCommit<>(config.storeParallel(), config.storeBatch(), rows -> {
            sizes.record(rows.size());
            return store.apply(rows);
        });
    }

    public Uni<R> submit(T row) {
        return Uni.createFrom().emitter(caller -> {
            queue.add(new Pending<>(row, caller));
            drain();
        });
    }

    /** Starts statements while a slot is free and rows wait; called after every submit and every statement's end. */
    private void drain() {
        while (!queue.isEmpty()) {
            int now = running.get();
            if (now >= parallel) {
                return; // a running statement's end drains again
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            List<Pending<T, R>> batch = new ArrayList<>();
            for (Pending<T, R> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                running.decrementAndGet(); // another drain took them
                continue;
            }
            run(batch);
        }
    }

    private void run(List<Pending<T, R>> batch) {
        store.apply(batch.stream().map(Pending::row).toList()).subscribe().with(results -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).caller().complete(results.get(i));
            }
            finished();
        }, failure -> {
            if (batch.size() == 1) {
                batch.get(0).caller().fail(failure);
            } else {
                // each alone: the row the database refuses fails, the others are stored
                for (Pending<T, R> one : batch) {
                    store.apply(List.of(one.row())).subscribe().with(result -> one.caller().complete(result.get(0)), one.caller()::fail);
                }
            }
            finished();
        });
    }

    private void finished() {
        running.decrementAndGet();
        drain();
    }
}
