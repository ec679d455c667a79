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
        return ledger.entitlement(customerId).map(row -> {
            AllocationMode mode = row.allocationMode() == null ? AllocationMode.MANUAL : AllocationMode.valueOf(row.allocationMode());
            boolean automatic = mode == AllocationMode.AUTOMATIC;
            return new EntitlementChanged(customerId, row.maxChannels() != null, row.maxChannels() == null ? 0 : row.maxChannels(),
                    row.balanceDays(), mode.name(), row.version(), creationMinimum(row, automatic),
                    row.balanceDays() + (automatic ? Math.max(0, row.allowanceLeft()) : 0));
        });
    }

    /**
     * The days a new channel needs: the plan's own figure, or else what the allocation mode implies:
     * an AUTOMATIC customer's channel takes the plan's extensionDays at once (its first paid
     * extension); a MANUAL customer's gets days from the admin after it is created.
     */
    static long creationMinimum(LedgerRepository.EntitlementRow row, boolean automatic) {
        if (row.creationMinimumDays() != null) {
            return row.creationMinimumDays();
        }
        return automatic && row.extensionDays() != null ? row.extensionDays() : 0;
    }

    /** Appends the customer's current entitlement to the outbox (inside the caller's transaction). */
    public Uni<Void> announce(String customerId) {
        return snapshot(customerId).chain(e -> events.append(e));
    }
}
