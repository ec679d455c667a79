package app.reseller.channel.service;

import app.reseller.platform.events.contract.ChannelEvents.ChannelEvent;
import app.reseller.platform.events.EventsOutbox;
import app.reseller.platform.events.Outbox;
import jakarta.inject.Singleton;

/** Appends channel events, keyed by our channel id, to the current transaction's outbox. */
@Singleton
public class ChannelEventsOutbox extends EventsOutbox<ChannelEvent> {

    public ChannelEventsOutbox(Outbox outbox) {
        super(outbox);
    }
}
