package app.reseller.billing.service;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.OutboxMessage;
import app.reseller.platform.events.Topics;
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

    public Uni<Void> append(String customerId, String type, Object payload) {
        return outbox.append(message(customerId, type, payload)).replaceWithVoid();
    }

    /** Several events of one transaction in one round trip. */
    public Uni<Void> appendAll(List<OutboxMessage> messages) {
        return outbox.appendAll(messages).replaceWithVoid();
    }

    public static OutboxMessage message(String customerId, String type, Object payload) {
        return new OutboxMessage(Topics.BILLING_EVENTS, "customer", customerId, type, payload);
    }
}
