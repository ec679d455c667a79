package app.reseller.channel.service;

import app.reseller.channel.Entitlement;
import app.reseller.channel.repository.EntitlementRepository;
import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Keeps channel-service's copy of each customer's entitlement from billing's events. Billing
 * versions each customer's snapshots (taken under the customer's row lock); one older than the
 * version held is ignored, so an older snapshot arriving late can never win.
 * Runs inside the consumer's transaction.
 */
@ApplicationScoped
public class EntitlementReplica {

    private static final Logger LOG = Logger.getLogger(EntitlementReplica.class);

    private final EntitlementRepository entitlements;
    private final Clock clock;

    public EntitlementReplica(EntitlementRepository entitlements, Clock clock) {
        this.entitlements = entitlements;
        this.clock = clock;
    }

    /**
     * PlanActivated and SubscriptionEnded carry no version: billing emits a versioned
     * EntitlementChanged in the same transaction, and that is what a replica keeps. So they change
     * only a replica that holds no versioned snapshot yet (older billing, or a replay from 0).
     */
    public Uni<Void> planActivated(String customerId, int maxChannels) {
        return unversioned(customerId, e -> {
            e.active = true;
            e.maxChannels = maxChannels;
        });
    }

    public Uni<Void> subscriptionEnded(String customerId) {
        return unversioned(customerId, e -> e.active = false);
    }

    /** Applies the snapshot unless the replica already holds the same or a newer version. */
    public Uni<Void> entitlementChanged(EntitlementChanged snapshot) {
        return entitlements.lockFor(snapshot.customerId()).chain(found -> {
            // an unversioned snapshot (from before versions) never overrides a versioned one
            if (found != null && found.version > 0 && found.version >= snapshot.version()) {
                LOG.debugf("entitlement of %s: version %d ignored, holding %d", snapshot.customerId(), snapshot.version(),
                        found.version);
                return Uni.createFrom().voidItem();
            }
            Entitlement entitlement = found != null ? found : Entitlement.of(snapshot.customerId());
            entitlement.active = snapshot.active();
            entitlement.maxChannels = snapshot.maxChannels();
            entitlement.balanceDays = snapshot.balanceDays();
            entitlement.allocationMode = snapshot.allocationMode();
            entitlement.creationMinimumDays = Math.max(0, snapshot.creationMinimumDays());
            // a snapshot from before billing said it (0 while the balance is not): the balance, as then
            entitlement.drawableDays = snapshot.drawableDays() > 0 || snapshot.balanceDays() <= 0 ? snapshot.drawableDays() : null;
            entitlement.version = Math.max(entitlement.version, snapshot.version());
            entitlement.updatedAt = clock.instant();
            return entitlements.persist(entitlement).replaceWithVoid();
        });
    }

    private Uni<Void> unversioned(String customerId, Consumer<Entitlement> change) {
        return entitlements.lockFor(customerId).chain(found -> {
            if (found != null && found.version > 0) {
                return Uni.createFrom().voidItem();
            }
            Entitlement entitlement = found != null ? found : Entitlement.of(customerId);
            change.accept(entitlement);
            entitlement.updatedAt = clock.instant();
            return entitlements.persist(entitlement).replaceWithVoid();
        });
    }
}
