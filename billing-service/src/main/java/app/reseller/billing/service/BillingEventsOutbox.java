package app.reseller.billing.service;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.OutboxMessage;
import app.reseller.platform.events.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Appends billing events, keyed by customer id, to the current transaction's outbox. */
@ApplicationScoped
public class BillingEventsOutbox {

    private final Outbox outbox;

    public BillingEventsOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> append(String customerId, String type, Object payload) {
        return outbox.append(new OutboxMessage(Topics.BILLING_EVENTS, "customer", customerId, type, payload)).replaceWithVoid();
    }
}
