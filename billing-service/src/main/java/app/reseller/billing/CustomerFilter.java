package app.reseller.billing;

import java.util.UUID;

/**
 * Which customers an operator lists; every part optional (null), all combined.
 *
 * @param subscriptionStatus the status of the customer's current subscription (its live one, else its latest)
 * @param balanceBelow       customers holding fewer days than this
 */
public record CustomerFilter(UUID planId, SubscriptionStatus subscriptionStatus, AllocationMode allocationMode, Long balanceBelow,
                             Integer channelsAtLeast, Integer channelsAtMost) {
}
