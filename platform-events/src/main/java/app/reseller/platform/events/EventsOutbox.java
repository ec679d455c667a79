package app.reseller.platform.events;

import app.reseller.platform.events.contract.PlatformEvent;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The outbox as one bounded context sees it: it takes only that context's events (each app
 * subclasses it once, e.g. {@code ChannelEventsOutbox extends EventsOutbox<ChannelEvent>}), so a
 * service cannot publish another context's event by mistake. Appends join the caller's transaction.
 * Subclasses are {@code @Singleton} beans: nothing to proxy, and no no-argument constructor needed.
 */
public abstract class EventsOutbox<E extends PlatformEvent> {

    private final Outbox outbox;

    protected EventsOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> append(E event) {
        return outbox.append(event).replaceWithVoid();
    }

    /** Several events of one transaction in one round trip, in this order. */
    public Uni<Void> appendAll(List<? extends E> events) {
        return outbox.appendAll(events.stream().map(OutboxMessage::of).toList()).replaceWithVoid();
    }
}
