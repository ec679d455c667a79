package app.reseller.billing;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer as the operators' list shows it: its current subscription (its live one, else its
 * latest; none for a customer that never subscribed), its allocation mode, its days and its live
 * channels as billing knows them.
 */
public record CustomerListing(String customerId, UUID subscriptionId, String subscriptionStatus, UUID planId, String planName,
                              Instant currentPeriodEnd, AllocationMode allocationMode, long balanceDays, long channels) {
}
