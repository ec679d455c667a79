package app.reseller.messaging.repository;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group commit on its own (a store that answers a few milliseconds later, from another thread,
 * as the database does): rows of concurrent callers go together, never more statements at once than
 * allowed, each caller gets its own row's answer and only after its statement ended, and a row the
 * store refuses fails alone.
 */
class GroupCommitTest {

    @org.junit.jupiter.api.BeforeAll
    static void mutinyReady() {
        // Mutiny's context propagation is set up on first use: once, here, not by 16 callers at the same moment
        Uni.createFrom().emitter(e -> e.complete(1)).await().indefinitely();
    }

    private final ScheduledExecutorService database = Executors.newScheduledThreadPool(4);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<List<Integer>> batchesWith13 = new ConcurrentLinkedQueue<>();
    private volatile int delayMs = 5;

    /** Answers row * 10 for each row, 5 ms later; fails a statement that holds row 13. */
    private Uni<List<Integer>> store(List<Integer> rows) {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        batchSizes.add(rows.size());
        if (rows.contains(13)) {
            batchesWith13.add(rows);
        }
        CompletableFuture<List<Integer>> answer = new CompletableFuture<>();
        database.schedule(() -> {
            running.decrementAndGet();
            if (rows.contains(13)) {
                answer.completeExceptionally(new IllegalStateException("row 13 violates a constraint"));
            } else {
                answer.complete(rows.stream().map(row -> row * 10).toList());
            }
        }, delayMs, TimeUnit.MILLISECONDS);
        return Uni.createFrom().completionStage(answer);
    }

    @Test
    void concurrentRowsGoTogetherWithinTheLimitsAndEachCallerGetsItsOwnAnswer() throws Exception {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(2, 8, this::store);
        var callers = Executors.newFixedThreadPool(16);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int row = 0; row < 400; row++) {
            if (row == 13) {
                continue;
            }
            int mine = row;
            answers.add(CompletableFuture.supplyAsync(() -> commit.submit(mine).await().atMost(Duration.ofSeconds(10)), callers));
        }
        for (int i = 0; i < answers.size(); i++) {
            int row = i < 13 ? i : i + 1;
            assertEquals(row * 10, answers.get(i).get(10, TimeUnit.SECONDS), "row " + row + " got another row's answer");
        }
        callers.shutdownNow();
        assertTrue(mostAtOnce.get() <= 2, "at most 2 statements at once, saw " + mostAtOnce.get());
        assertTrue(batchSizes.stream().allMatch(size -> size <= 8), "at most 8 rows a statement: " + batchSizes);
        assertTrue(batchSizes.stream().anyMatch(size -> size > 1), "concurrent rows went together: " + batchSizes);
        assertEquals(399, batchSizes.stream().mapToInt(Integer::intValue).sum(), "each row stored once");
    }

    @Test
    void aRowTheStoreRefusesFailsAloneAndTheRowsBesideItAreStored() throws Exception {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(1, 64, this::store);
        delayMs = 100; // the first statement holds the one slot while the others queue behind it
        var callers = Executors.newFixedThreadPool(16);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        answers.add(CompletableFuture.supplyAsync(() -> commit.submit(0).await().atMost(Duration.ofSeconds(10)), callers));
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(1)).until(() -> !batchSizes.isEmpty());
        for (int row = 1; row < 40; row++) {
            int mine = row;
            answers.add(CompletableFuture.supplyAsync(() -> commit.submit(mine).await().atMost(Duration.ofSeconds(10)), callers));
        }
        for (int row = 0; row < 40; row++) {
            if (row == 13) {
                int bad = row;
                var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> answers.get(bad).get(10, TimeUnit.SECONDS));
                assertInstanceOf(IllegalStateException.class, failure.getCause());
            } else {
                assertEquals(row * 10, answers.get(row).get(10, TimeUnit.SECONDS), "row " + row);
            }
        }
        callers.shutdownNow();
        List<List<Integer>> with13 = List.copyOf(batchesWith13);
        assertTrue(with13.size() == 2 && with13.get(0).size() > 1 && with13.get(1).equals(List.of(13)),
                "row 13 went with others, then alone: " + with13);
    }
}
