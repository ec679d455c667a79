package app.reseller.channel.service;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.OutboxMessage;
import app.reseller.platform.events.contract.ChannelEvents.ChannelEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Appends channel events, keyed by our channel id, to the current transaction's outbox. */
@ApplicationScoped
public class ChannelEventsOutbox {

    private final Outbox outbox;

    public ChannelEventsOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> append(ChannelEvent event) {
        return outbox.append(event).replaceWithVoid();
    }

    /** Several events in one insert, in this order. */
    public Uni<Void> appendAll(List<? extends ChannelEvent> events) {
        return outbox.appendAll(events.stream().map(OutboxMessage::of).toList()).replaceWithVoid();
    }
}
