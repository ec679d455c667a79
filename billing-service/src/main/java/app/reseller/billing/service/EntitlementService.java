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

    /**
     * Read inside the caller's transaction (so it sees the caller's own changes), with the next
     * version of the customer's snapshots, taken under the customer's version row lock.
     */
    public Uni<EntitlementChanged> snapshot(String customerId) {
        return ledger.entitlement(customerId).map(row -> new EntitlementChanged(customerId, row.maxChannels() != null,
                row.maxChannels() == null ? 0 : row.maxChannels(), row.balanceDays(),
                row.allocationMode() == null ? AllocationMode.MANUAL.name() : row.allocationMode(), row.version()));
    }

    /** Appends the customer's current entitlement to the outbox (inside the caller's transaction). */
    public Uni<Void> announce(String customerId) {
        return snapshot(customerId).chain(e -> events.append(e));
    }
}
