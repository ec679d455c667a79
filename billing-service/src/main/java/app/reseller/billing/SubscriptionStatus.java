package app.reseller.billing;

import java.util.Set;

/**
 * PENDING_PAYMENT -> ACTIVE -> CANCELLED or, when a period ends unpaid, GRACE -> SUSPENDED -> EXPIRED
 * (the grace policy, docs/billing.md); paying in GRACE or SUSPENDED makes it ACTIVE again. A pending
 * one may also be cancelled, and so may a lapsed one.
 */
public enum SubscriptionStatus {
    PENDING_PAYMENT, ACTIVE, GRACE, SUSPENDED, CANCELLED, EXPIRED;

    public boolean canMoveTo(SubscriptionStatus next) {
        return switch (this) {
            case PENDING_PAYMENT -> Set.of(ACTIVE, CANCELLED).contains(next);
            case ACTIVE -> Set.of(ACTIVE, GRACE, CANCELLED, EXPIRED).contains(next); // ACTIVE -> ACTIVE is a renewal
            case GRACE -> Set.of(ACTIVE, SUSPENDED, CANCELLED).contains(next);
            case SUSPENDED -> Set.of(ACTIVE, EXPIRED, CANCELLED).contains(next);
            case CANCELLED, EXPIRED -> false;
        };
    }

    /** The grace policy may still move it on: an operator may hold it at this step. */
    public boolean holdable() {
        return this == ACTIVE || lapsed();
    }

    /** A period ended unpaid and the customer has not paid yet. */
    public boolean lapsed() {
        return this == GRACE || this == SUSPENDED;
    }
}
