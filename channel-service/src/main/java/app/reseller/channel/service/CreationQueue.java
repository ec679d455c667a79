package app.reseller.channel.service;

import app.reseller.channel.ChannelState;
import app.reseller.platform.events.WaitedForAtShutdown;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Works the creation queue off as WHAPI's window frees: every replica looks now and then, takes the
 * next requests in turn under the window's lock (so two replicas never spend the same place, nor
 * take the same request) and asks WHAPI for each, one after the other. A request taken and then
 * lost to a crash is CREATING without an answer: the reconciler settles it by WHAPI's name tag.
 */
@ApplicationScoped
public class CreationQueue {

    private static final Logger LOG = Logger.getLogger(CreationQueue.class);

    private final CreationBudget budget;
    private final ChannelCreation creation;

    public CreationQueue(CreationBudget budget, ChannelCreation creation) {
        this.budget = budget;
        this.creation = creation;
    }

    @WaitedForAtShutdown
    @Scheduled(identity = "channel-creation-queue", every = "{channel.create.queue-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runOnce()
                .onFailure().invoke(e -> LOG.warnf("creation queue pass failed, the requests stay queued: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One pass: the requests the window has room for, each asked at WHAPI. @return how many were taken */
    public Uni<Integer> runOnce() {
        AtomicBoolean windowFull = new AtomicBoolean();
        return budget.startNext().chain(taken -> Multi.createFrom().iterable(taken)
                .onItem().transformToUniAndConcatenate(id -> windowFull.get() ? budget.requeue(id) : ask(id, windowFull))
                .collect().asList()
                .replaceWith(taken.size()));
    }

    private Uni<Void> ask(UUID id, AtomicBoolean windowFull) {
        return creation.startQueued(id)
                .invoke(channel -> {
                    if (channel != null && channel.state == ChannelState.QUEUED) {
                        windowFull.set(true); // WHAPI said 429: the rest of this pass waits too, unasked
                    }
                })
                // a failure is already recorded on the channel (FAILED); the next requests still get their turn
                .onFailure().invoke(failure -> LOG.infof("queued channel %s not created: %s", id, failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
