package app.reseller.platform.events.contract;

import app.reseller.platform.events.Topics;

import java.time.Instant;
import java.util.UUID;

/**
 * The events billing-service publishes on {@code billing.events}, keyed by customer id
 * (ARCHITECTURE.md, "Events"). The CloudEvents type of each is its {@code TYPE}; a breaking change
 * gets a new version suffix, never a silent edit.
 */
public final class BillingEvents {

    private BillingEvents() {
    }

    /** An event on {@code billing.events}. */
    public interface BillingEvent extends PlatformEvent {
        /** "billing." + the record's name + ".v1": a record's {@code TYPE} says the same (EventContractTest). */
        @Override
        default String type() {
            return "billing." + getClass().getSimpleName() + ".v1";
        }

        @Override
        default String topic() {
            return Topics.BILLING_EVENTS;
        }

        @Override
        default String aggregateType() {
            return "customer";
        }
    }

    /** A billing event about one customer, keyed by the customer: a customer's events stay in order. */
    public interface CustomerEvent extends BillingEvent {
        String customerId();

        @Override
        default String aggregateId() {
            return customerId();
        }
    }

    public record PlanActivated(String customerId, UUID subscriptionId, UUID planId, String planName,
                                int maxChannels, int periodDays, Instant currentPeriodEnd) implements CustomerEvent {
        public static final String TYPE = "billing.PlanActivated.v1";
    }

    public record SubscriptionEnded(String customerId, UUID subscriptionId, String status, String reason) implements CustomerEvent {
        public static final String TYPE = "billing.SubscriptionEnded.v1";
        /** The reason of an end the grace policy decided: still unpaid after the suspension; the customer's channels go. */
        public static final String UNPAID = "unpaid after the suspension";
    }

    /** A period ended unpaid: the subscription is in GRACE (its channels keep running) until {@code suspendsAt}. */
    public record SubscriptionLapsed(String customerId, UUID subscriptionId, Instant lapsedAt, Instant suspendsAt) implements CustomerEvent {
        public static final String TYPE = "billing.SubscriptionLapsed.v1";
    }

    /** Still unpaid after the grace: SUSPENDED, its channels are paused (days saved) until {@code endsAt}, when they go. */
    public record SubscriptionSuspended(String customerId, UUID subscriptionId, Instant endsAt) implements CustomerEvent {
        public static final String TYPE = "billing.SubscriptionSuspended.v1";
    }

    /** The customer paid in GRACE or SUSPENDED ({@code from}): ACTIVE again; channels a suspension paused run again. */
    public record SubscriptionRestored(String customerId, UUID subscriptionId, String from, Instant currentPeriodEnd) implements CustomerEvent {
        public static final String TYPE = "billing.SubscriptionRestored.v1";
    }

    /**
     * A snapshot of what the customer may do. {@code version} grows with every snapshot of the
     * customer (taken under the customer's row lock, so a later version is a later state); a
     * replica ignores one older than it holds. Events from before versions carry 0.
     */
    /**
     * @param creationMinimumDays days a new channel needs (each channel still waiting to be created needs them too); 0: none
     * @param drawableDays        what the customer can spend on it: its balance, and for an AUTOMATIC customer what
     *                            the pool may still allocate to it this period (an event from before these fields: 0)
     */
    public record EntitlementChanged(String customerId, boolean active, int maxChannels, long balanceDays,
                                     String allocationMode, long version, long creationMinimumDays, long drawableDays)
            implements CustomerEvent {
        public static final String TYPE = "billing.EntitlementChanged.v1";

        public EntitlementChanged(String customerId, boolean active, int maxChannels, long balanceDays, String allocationMode) {
            this(customerId, active, maxChannels, balanceDays, allocationMode, 0);
        }

        public EntitlementChanged(String customerId, boolean active, int maxChannels, long balanceDays, String allocationMode,
                                  long version) {
            this(customerId, active, maxChannels, balanceDays, allocationMode, version, 0, balanceDays);
        }
    }

    /** A plan's limits changed; every customer on it gets a new EntitlementChanged in the same transaction. */
    public record PlanUpdated(UUID planId, String name, int maxChannels, int periodDays, int extensionDays, int affectedCustomers) implements BillingEvent {
        public static final String TYPE = "billing.PlanUpdated.v1";

        /** Keyed by the plan: the events of one plan stay in order. */
        @Override
        public String aggregateType() {
            return "plan";
        }

        @Override
        public String aggregateId() {
            return planId.toString();
        }
    }

    public record DaysAllocated(String customerId, long days, long balanceDays, long transferId) implements CustomerEvent {
        public static final String TYPE = "billing.DaysAllocated.v1";
    }

    /** Days are reserved for the channel; channel-service calls WHAPI extend at most once per requestId. */
    public record ChannelExtensionRequested(UUID requestId, String channelId, String customerId, int days, String comment) implements CustomerEvent {
        public static final String TYPE = "billing.ChannelExtensionRequested.v1";
    }

    /**
     * A debit took the customer's balance below one of its thresholds ({@code billing.balance-low-thresholds-days});
     * a debit that crosses several at once names the lowest. Raised again only after the balance has risen above it.
     */
    public record BalanceLow(String customerId, long balanceDays, long thresholdDays) implements CustomerEvent {
        public static final String TYPE = "billing.BalanceLow.v1";
    }

    /** A debit took the customer's balance to zero: its channels are renewed by nobody until it has days again. */
    public record BalanceDepleted(String customerId, long transferId) implements CustomerEvent {
        public static final String TYPE = "billing.BalanceDepleted.v1";
    }

    /**
     * WHAPI reported the partner's remaining days (its partner webhook fires only below the partner's
     * {@code days_limit}): the partner must buy days. {@code reportId} is the stored report's.
     */
    public record PartnerDaysLow(long partnerDays, long reportId) implements BillingEvent {
        public static final String TYPE = "billing.PartnerDaysLow.v1";

        /** The partner's balance at WHAPI is one aggregate. */
        @Override
        public String aggregateType() {
            return "partner";
        }

        @Override
        public String aggregateId() {
            return "WHAPI";
        }
    }

    /**
     * A debit took the pool (the partner's days not given to anyone) below one of its thresholds
     * ({@code billing.pool-low-thresholds-days}), the lowest crossed: time to buy days from WHAPI.
     */
    public record PoolLow(long poolDays, long thresholdDays) implements BillingEvent {
        public static final String TYPE = "billing.PoolLow.v1";

        /** The pool is one account: its events are one aggregate, in order. */
        @Override
        public String aggregateType() {
            return "pool";
        }

        @Override
        public String aggregateId() {
            return "POOL";
        }
    }
}
