package app.reseller.messaging.service;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.contract.MessagingEvents.MessagingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Appends messaging events, keyed by message id, to the current transaction's outbox. */
@ApplicationScoped
public class MessageEventsOutbox {

    private final Outbox outbox;

    public MessageEventsOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> append(MessagingEvent event) {
        return outbox.append(event).replaceWithVoid();
    }
}
