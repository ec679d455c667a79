package app.reseller.billing.service;

import app.reseller.billing.Accounts;
import app.reseller.billing.repository.CustomerSettingsRepository;
import app.reseller.billing.repository.LedgerRepository;
import app.reseller.billing.repository.PlanRepository;
import app.reseller.billing.repository.SubscriptionRepository;
import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a customer may do now (active plan, channel limit, balance, mode): channel-service keeps a
 * replica of it from EntitlementChanged, emitted whenever one of those changes.
 */
@ApplicationScoped
public class EntitlementService {

    private final SubscriptionRepository subscriptions;
    private final PlanRepository plans;
    private final LedgerRepository ledger;
    private final CustomerSettingsRepository settings;
    private final BillingEventsOutbox events;

    public EntitlementService(SubscriptionRepository subscriptions, PlanRepository plans, LedgerRepository ledger,
                              CustomerSettingsRepository settings, BillingEventsOutbox events) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.ledger = ledger;
        this.settings = settings;
        this.events = events;
    }

    public Uni<EntitlementChanged> snapshot(String customerId) {
        return subscriptions.findActive(customerId)
                .chain(active -> active == null ? Uni.createFrom().nullItem() : plans.findById(active.planId))
                .chain(plan -> ledger.balance(Accounts.customer(customerId))
                        .chain(balance -> settings.mode(customerId)
                                .map(mode -> new EntitlementChanged(customerId, plan != null,
                                        plan == null ? 0 : plan.maxChannels, balance, mode.name()))));
    }

    /** Appends the customer's current entitlement to the outbox (inside the caller's transaction). */
    public Uni<Void> announce(String customerId) {
        return snapshot(customerId).chain(e -> events.append(customerId, EntitlementChanged.TYPE, e));
    }
}
