package app.reseller.billing.service;

import app.reseller.platform.events.WaitedForAtShutdown;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The periodic jobs. Safe with several replicas: each job takes a database lock or re-checks per row. */
@ApplicationScoped
public class BillingSchedulers {

    private static final Logger LOG = Logger.getLogger(BillingSchedulers.class);

    private final AutoTopUpService autoTopUp;
    private final SubscriptionService subscriptions;

    public BillingSchedulers(AutoTopUpService autoTopUp, SubscriptionService subscriptions) {
        this.autoTopUp = autoTopUp;
        this.subscriptions = subscriptions;
    }

    /** Job identities, so that a test (or an operator's tool) can pause one by name. */
    public static final String AUTO_TOP_UP = "billing-auto-top-up";
    public static final String EXPIRY = "billing-expiry";

    @WaitedForAtShutdown
    @Scheduled(identity = AUTO_TOP_UP, every = "{billing.auto-top-up.every}", delayed = "{billing.auto-top-up.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> autoTopUp() {
        return autoTopUp.runOnce()
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("auto top-up requested %d extensions", n);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("auto top-up run failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @WaitedForAtShutdown
    @Scheduled(identity = EXPIRY, every = "{billing.expiry-every}", delayed = "{billing.expiry-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireEndedPeriods() {
        return subscriptions.expireEndedPeriods()
                .onFailure().invoke(e -> LOG.warnf("expiry run failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
