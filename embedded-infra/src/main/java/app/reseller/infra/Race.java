package app.reseller.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs several writers of the same rows at the same instant (one thread each, released together
 * by a latch), for the race-and-fault suites. Returns each writer's result, or its exception.
 */
public final class Race {

    private Race() {
    }

    public record Outcome<T>(T value, Throwable failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    public static <T> List<Outcome<T>> run(List<Callable<T>> writers) {
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> writer : writers) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return writer.call();
                }));
            }
            start.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    outcomes.add(new Outcome<>(future.get(120, TimeUnit.SECONDS), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (Exception e) {
                    outcomes.add(new Outcome<>(null, e));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same writer {@code copies} times, plus the others, all at once. */
    public static <T> List<Callable<T>> copies(int copies, Callable<T> writer) {
        List<Callable<T>> writers = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            writers.add(writer);
        }
        return writers;
    }
}
