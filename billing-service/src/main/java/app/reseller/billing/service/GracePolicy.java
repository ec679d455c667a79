package app.reseller.billing.service;

import app.reseller.billing.config.BillingConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * How long each step of a lapsed subscription lasts (billing.grace.*): GRACE, then SUSPENDED. A bean
 * of its own so that a test walks the policy with its own figures without restarting the app.
 */
@ApplicationScoped
public class GracePolicy {

    private final BillingConfig.Grace config;

    public GracePolicy(BillingConfig config) {
        this.config = config.grace();
    }

    /** How long a lapsed subscription stays in GRACE; zero: it expires at once, as before the policy. */
    public Duration period() {
        return config.period();
    }

    /** How long it then stays SUSPENDED before it expires. */
    public Duration suspension() {
        return config.suspension();
    }
}
