package app.reseller.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /**
     * BalanceLow is raised when a debit takes a customer's balance below one of these (the lowest
     * crossed, once until the balance has risen above it again).
     */
    @WithDefault("10,5,1")
    java.util.List<Long> balanceLowThresholdsDays();

    /** PoolLow is raised when a debit takes the pool below one of these (the lowest crossed). */
    @WithDefault("500,100,30")
    java.util.List<Long> poolLowThresholdsDays();

    /** The most days one movement may carry; more is refused as a typo (400). */
    @WithDefault("36600")
    long maxDaysPerMovement();

    AutoTopUp autoTopUp();

    WhapiPartnerWebhook whapiPartnerWebhook();

    interface WhapiPartnerWebhook {
        /**
         * The secret last segment of the partner webhook's URL (WHAPI's partner webhook can carry no
         * header of ours). Unset: every report is refused (404).
         */
        java.util.Optional<String> secret();
    }

    interface AutoTopUp {
        /** How often the scheduler looks (also used by @Scheduled through billing.auto-top-up.every). */
        @WithDefault("60s")
        String every();

        /** A channel of an AUTOMATIC customer is topped up when its activeTill is nearer than this. */
        @WithDefault("48h")
        Duration leadTime();
    }

    Audit audit();

    interface Audit {
        /** How often the ledger auditor runs (one runner across replicas). */
        @WithDefault("5m")
        Duration every();

        /** A reservation open for longer than this is reported: its saga is stuck (channel-service down, a DLQ). */
        @WithDefault("1h")
        Duration maxReservationAge();
    }

    Grace grace();

    /** The grace policy for a period that ends unpaid (docs/billing.md, "When a period ends unpaid"). */
    interface Grace {
        /** How long a lapsed subscription stays in GRACE (its channels running) before it is SUSPENDED; 0: it expires at once. */
        @WithDefault("168h")
        Duration period();

        /** How long it then stays SUSPENDED (its channels paused) before it EXPIRES and its channels are deleted. */
        @WithDefault("552h")
        Duration suspension();
    }

    /** How often ended periods are expired (also used by @Scheduled through billing.expiry.every). */
    @WithDefault("60s")
    String expiryEvery();

    ApiKeys apiKeys();

    interface ApiKeys {
        /** The most usable (neither revoked nor expired) keys one customer may hold. */
        @WithDefault("50")
        int maxPerCustomer();

        /** lastUsedAt moves at most this often per key (one write per interval, not one per call). */
        @WithDefault("10s")
        Duration touchEvery();
    }
}
