package app.reseller.messaging.service;

import app.reseller.platform.events.contract.MessagingEvents.MessagingEvent;
import app.reseller.platform.events.EventsOutbox;
import app.reseller.platform.events.Outbox;
import jakarta.inject.Singleton;

/** Appends messaging events, keyed by message id, to the current transaction's outbox. */
@Singleton
public class MessageEventsOutbox extends EventsOutbox<MessagingEvent> {

    public MessageEventsOutbox(Outbox outbox) {
        super(outbox);
    }
}
