package app.reseller.billing.service;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.OutboxMessage;
import app.reseller.platform.events.contract.BillingEvents.BillingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Appends billing events, keyed by customer id, to the current transaction's outbox. */
@ApplicationScoped
public class BillingEventsOutbox {

    private final Outbox outbox;

    public BillingEventsOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> append(BillingEvent event) {
        return outbox.append(event).replaceWithVoid();
    }

    /** Several events of one transaction in one round trip, in this order. */
    public Uni<Void> appendAll(List<? extends BillingEvent> events) {
        return outbox.appendAll(events.stream().map(OutboxMessage::of).toList()).replaceWithVoid();
    }
}
