package app.reseller.billing.service;

import app.reseller.billing.AllocationMode;
import app.reseller.billing.repository.LedgerRepository;
import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a customer may do now (active plan, channel limit, balance, mode): channel-service keeps a
 * replica of it from EntitlementChanged, emitted whenever one of those changes.
 */
@ApplicationScoped
public class EntitlementService {

    private final LedgerRepository ledger;
    private final BillingEventsOutbox events;

    public EntitlementService(LedgerRepository ledger, BillingEventsOutbox events) {
        this.ledger = ledger;
        this.events = events;
    }

    /** Read in one query, inside the caller's transaction (so it sees the caller's own changes). */
    public Uni<EntitlementChanged> snapshot(String customerId) {
        return ledger.entitlement(customerId).map(row -> new EntitlementChanged(customerId, row[0] != null,
                row[0] == null ? 0 : ((Number) row[0]).intValue(), ((Number) row[1]).longValue(),
                row[2] == null ? AllocationMode.MANUAL.name() : (String) row[2]));
    }

    /** Appends the customer's current entitlement to the outbox (inside the caller's transaction). */
    public Uni<Void> announce(String customerId) {
        return snapshot(customerId).chain(e -> events.append(customerId, EntitlementChanged.TYPE, e));
    }
}
