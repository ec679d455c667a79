package app.reseller.channel.service;

import app.reseller.channel.Entitlement;
import app.reseller.channel.repository.EntitlementRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Keeps channel-service's copy of each customer's entitlement from billing's events. billing.events
 * is keyed by customer id, so one customer's events arrive in order and the latest one wins.
 * Runs inside the consumer's transaction.
 */
@ApplicationScoped
public class EntitlementReplica {

    private final EntitlementRepository entitlements;

    public EntitlementReplica(EntitlementRepository entitlements) {
        this.entitlements = entitlements;
    }

    public Uni<Void> planActivated(String customerId, int maxChannels) {
        return change(customerId, e -> {
            e.active = true;
            e.maxChannels = maxChannels;
        });
    }

    public Uni<Void> subscriptionEnded(String customerId) {
        return change(customerId, e -> e.active = false);
    }

    public Uni<Void> entitlementChanged(String customerId, boolean active, int maxChannels, long balanceDays, String mode) {
        return change(customerId, e -> {
            e.active = active;
            e.maxChannels = maxChannels;
            e.balanceDays = balanceDays;
            e.allocationMode = mode;
        });
    }

    private Uni<Void> change(String customerId, Consumer<Entitlement> change) {
        return entitlements.lockFor(customerId).chain(found -> {
            Entitlement entitlement = found;
            if (entitlement == null) {
                entitlement = new Entitlement();
                entitlement.customerId = customerId;
            }
            change.accept(entitlement);
            entitlement.updatedAt = Instant.now();
            return entitlements.persist(entitlement);
        }).replaceWithVoid();
    }
}
