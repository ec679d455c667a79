package app.reseller.billing;

import app.reseller.platform.domain.Refusal;

import java.time.Duration;
import java.util.UUID;

/**
 * What billing refuses, in its own words. Services throw these; {@code rest/BillingRefusalStatuses}
 * says which HTTP status each answers, and the Kafka consumers decide on them too: a refusal is
 * final for the request that met it (retrying the same request meets it again), anything else that
 * fails may be transient.
 */
public abstract sealed class BillingRefusal extends Refusal {

    private BillingRefusal(String type, String title, String detail) {
        super(type, title, detail);
    }

    /** The account (a customer's or the pool) holds fewer days than the movement asks for. */
    public static final class InsufficientBalance extends BillingRefusal {
        public InsufficientBalance(String account, boolean pool, long available, long requested) {
            super("insufficient-balance", "Insufficient balance",
                    (pool ? "the pool" : "the customer") + " has " + available + " days, " + requested + " were asked");
            fact("account", account);
            fact("balanceDays", available);
            fact("requestedDays", requested);
        }
    }

    /** The channel has a reserved extension waiting for WHAPI: a second would spend its days twice. */
    public static final class ExtensionInProgress extends BillingRefusal {
        public ExtensionInProgress(String channelId) {
            super("extension-in-progress", "An extension is already in progress",
                    "channel " + channelId + " has an extension waiting for WHAPI");
        }
    }

    /**
     * Billing has not heard of the channel yet: channel-service's ChannelCreated arrives a moment
     * after the creation was answered, so an unknown channel id is never called nonexistent.
     */
    public static final class ChannelNotYetKnown extends BillingRefusal {
        public ChannelNotYetKnown(String channelId, Duration knownWithin) {
            super("channel-not-yet-known", "The channel is not known to billing yet",
                    "billing has not yet heard of channel " + channelId + " (a channel created a moment ago is known"
                            + " within seconds): retry; a channel that does not exist stays unknown");
            retryAfter(knownWithin);
            fact("channelId", channelId);
        }
    }

    /** One active plan per name (case-insensitive). */
    public static final class PlanNameTaken extends BillingRefusal {
        public PlanNameTaken(String name) {
            super("plan-name-taken", "A plan has this name",
                    "an active plan is already called '" + name + "'; choose another name or retire that plan");
            fact("field", "name");
        }
    }

    /** A retired plan takes no new subscriptions. */
    public static final class PlanRetired extends BillingRefusal {
        public PlanRetired(UUID planId) {
            super("plan-retired", "The plan is retired", "plan " + planId + " can no longer be subscribed to");
        }
    }

    /** A customer has at most one live subscription. */
    public static final class SubscriptionExists extends BillingRefusal {
        public SubscriptionExists(Subscription live) {
            super("subscription-exists", "The customer already has a subscription",
                    "subscription " + live.id + " is " + live.status + "; cancel it before subscribing to another plan");
            fact("subscriptionId", live.id.toString());
        }

        /** Two subscribes of one customer at the same moment: the one-live-subscription index chose. */
        public SubscriptionExists() {
            super("subscription-exists", "The customer already has a subscription",
                    "another subscription of this customer was created at the same moment");
        }
    }

    /** The subscription's state machine has no such step. */
    public static final class IllegalTransition extends BillingRefusal {
        public IllegalTransition(Subscription s, SubscriptionStatus to) {
            super("illegal-transition", "The subscription cannot make that change",
                    "subscription " + s.id + " is " + s.status + " and cannot become " + to);
        }
    }

    /** A bulk extension touches at most a bounded number of channels: narrow the filter, or split the list. */
    public static final class TooManyChannels extends BillingRefusal {
        public TooManyChannels(int max) {
            super("too-many-channels", "Too many channels for one job",
                    "one bulk extension extends at most " + max + " channels: narrow the filter, or split the list");
            fact("maxChannels", max);
        }
    }

    /** Only a subscription the grace policy may still move on (ACTIVE, GRACE or SUSPENDED) can be held at its step. */
    public static final class NotHoldable extends BillingRefusal {
        public NotHoldable(Subscription s) {
            super("subscription-not-holdable", "The subscription cannot be held",
                    "subscription " + s.id + " is " + s.status + ": only an ACTIVE, GRACE or SUSPENDED one can be held at its step");
        }
    }

    /** A customer holds a bounded number of usable API keys. */
    public static final class ApiKeyLimitReached extends BillingRefusal {
        public ApiKeyLimitReached(int max) {
            super("api-key-limit-reached", "API key limit reached",
                    "a customer holds at most " + max + " usable keys: revoke one first");
        }
    }
}
