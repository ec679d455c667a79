package app.reseller.channel.service;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.OutboxMessage;
import app.reseller.platform.events.Topics;
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

    public Uni<Void> append(UUID channelId, String type, Object payload) {
        return outbox.append(message(channelId, type, payload)).replaceWithVoid();
    }

    /** Several events in one insert, in this order. */
    public Uni<Void> appendAll(List<OutboxMessage> messages) {
        return outbox.appendAll(messages).replaceWithVoid();
    }

    public static OutboxMessage message(UUID channelId, String type, Object payload) {
        return new OutboxMessage(Topics.CHANNEL_EVENTS, "channel", channelId.toString(), type, payload);
    }
}
