package app.reseller.platform.events;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a shutdown waits for: WorkInFlight alone, and racing its own callers. */
class WorkInFlightTest {

    @Test
    void finishWaitsForThePieceUnderWay() throws Exception {
        WorkInFlight work = new WorkInFlight();
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicBoolean effect = new AtomicBoolean();
        work.track(() -> Uni.createFrom().completionStage(release).invoke(() -> effect.set(true))).subscribe().with(x -> { });

        CompletableFuture<Boolean> finished = CompletableFuture.supplyAsync(() -> work.finish(Duration.ofSeconds(60)));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !finished.isDone());
        release.complete(null);
        assertTrue(finished.get(20, TimeUnit.SECONDS));
        assertTrue(effect.get(), "the piece had done its work when finish returned");
        assertEquals(0, work.running());
    }

    @Test
    void nothingStartsOnceFinishing() {
        WorkInFlight work = new WorkInFlight();
        assertTrue(work.finish(Duration.ofMillis(1)), "nothing was under way");
        AtomicInteger started = new AtomicInteger();
        assertNull(work.track(() -> Uni.createFrom().item(started.incrementAndGet())).await().indefinitely());
        assertEquals(0, started.get());
        assertFalse(work.begin());
        assertTrue(work.stopping());
        assertEquals(0, work.running());
    }

    @Test
    void patienceBoundsAPieceThatNeverEnds() {
        WorkInFlight work = new WorkInFlight();
        work.track(() -> Uni.createFrom().nothing()).subscribe().with(x -> { });
        assertFalse(work.finish(Duration.ofMillis(200)), "finish gave up and said so");
        assertEquals(1, work.running());
    }

    @Test
    void aPieceEndsByFailingByCancellationOrByThrowingBeforeItsUni() {
        WorkInFlight work = new WorkInFlight();
        work.track(() -> Uni.createFrom().failure(new IllegalStateException("failed"))).subscribe().with(x -> { }, failure -> { });
        assertEquals(0, work.running(), "a failed piece ended");

        Cancellable cancellable = work.track(() -> Uni.createFrom().nothing()).subscribe().with(x -> { });
        assertEquals(1, work.running());
        cancellable.cancel();
        assertEquals(0, work.running(), "a cancelled piece ended");

        assertThrows(IllegalStateException.class, () -> work.track(() -> {
            throw new IllegalStateException("no Uni");
        }));
        assertEquals(0, work.running(), "a piece whose Uni could not be made ended");
    }

    /**
     * A piece starting while a finish begins is refused or waited for, never neither: nothing runs after finish
     * returned. begin counts before it looks, finish says it is stopping before it counts.
     */
    @Test
    void aPieceRacingTheFinishIsRefusedOrWaitedForNeverNeither() throws Exception {
        int ranAfterFinish = 0;
        int finishWaited = 0;
        for (int round = 0; round < 3_000; round++) {
            WorkInFlight work = new WorkInFlight();
            AtomicBoolean finishReturned = new AtomicBoolean();
            AtomicInteger violations = new AtomicInteger();
            CountDownLatch looping = new CountDownLatch(1);
            Thread starter = new Thread(() -> {
                while (work.begin()) {
                    looping.countDown();
                    if (finishReturned.get()) {
                        violations.incrementAndGet();
                    }
                    for (int spin = ThreadLocalRandom.current().nextInt(50); spin > 0; spin--) {
                        Thread.onSpinWait();
                    }
                    work.end();
                }
            });
            starter.start();
            looping.await(10, TimeUnit.SECONDS);
            for (int spin = ThreadLocalRandom.current().nextInt(200); spin > 0; spin--) {
                Thread.onSpinWait(); // land the finish anywhere in the starter's loop
            }
            boolean pieceUnderWay = work.running() > 0;
            boolean finished = work.finish(Duration.ofSeconds(10));
            finishReturned.set(true);
            starter.join(10_000);
            assertTrue(finished, "round " + round);
            ranAfterFinish += violations.get();
            finishWaited += pieceUnderWay ? 1 : 0;
        }
        assertEquals(0, ranAfterFinish, "pieces running after finish returned");
        System.out.printf("rounds whose finish began with a piece under way: %d of 3000%n", finishWaited);
    }
}
