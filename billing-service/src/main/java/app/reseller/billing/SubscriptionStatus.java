package app.reseller.billing;

import java.util.Set;

/** PENDING_PAYMENT -> ACTIVE -> CANCELLED or EXPIRED; a pending one may also be cancelled. */
public enum SubscriptionStatus {
    PENDING_PAYMENT, ACTIVE, CANCELLED, EXPIRED;

    public boolean canMoveTo(SubscriptionStatus next) {
        return switch (this) {
            case PENDING_PAYMENT -> Set.of(ACTIVE, CANCELLED).contains(next);
            case ACTIVE -> Set.of(ACTIVE, CANCELLED, EXPIRED).contains(next); // ACTIVE -> ACTIVE is a renewal
            case CANCELLED, EXPIRED -> false;
        };
    }
}
