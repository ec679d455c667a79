package app.reseller.channel.service;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.OutboxMessage;
import app.reseller.platform.events.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Appends channel events, keyed by our channel id, to the current transaction's outbox. */
@ApplicationScoped
public class ChannelEventsOutbox {

    private final Outbox outbox;

    public ChannelEventsOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> append(UUID channelId, String type, Object payload) {
        return outbox.append(new OutboxMessage(Topics.CHANNEL_EVENTS, "channel", channelId.toString(), type, payload))
                .replaceWithVoid();
    }
}
