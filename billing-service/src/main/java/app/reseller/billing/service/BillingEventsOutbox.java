package app.reseller.billing.service;

import app.reseller.platform.events.contract.BillingEvents.BillingEvent;
import app.reseller.platform.events.EventsOutbox;
import app.reseller.platform.events.Outbox;
import jakarta.inject.Singleton;

/** Appends billing events, keyed by customer id, to the current transaction's outbox. */
@Singleton
public class BillingEventsOutbox extends EventsOutbox<BillingEvent> {

    public BillingEventsOutbox(Outbox outbox) {
        super(outbox);
    }
}
