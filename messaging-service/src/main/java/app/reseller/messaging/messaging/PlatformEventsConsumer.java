package app.reseller.messaging.messaging;

import app.reseller.messaging.service.NotificationService;
import app.reseller.messaging.service.WebhookFanOut;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.MessagingEvents.WebhookEndpointDisabled;
import app.reseller.messaging.repository.ChannelOwnerRepository;
import app.reseller.platform.events.IdempotentConsumer;
import app.reseller.platform.events.ReceivedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What messaging takes from the platform: events that may trigger a notification or a webhook to
 * the owner's endpoints, and channel owners (ChannelExtended names only a channel). Each event once
 * (IdempotentConsumer); notifications and webhook deliveries are only queued here, in the
 * transaction that marks the event consumed, never sent inside the consumer.
 */
@ApplicationScoped
public class PlatformEventsConsumer {

    static final String BILLING = "messaging.billing-events";
    static final String CHANNELS = "messaging.channel-events";
    static final String ENDPOINTS = "messaging.endpoint-events";

    private final IdempotentConsumer consumer;
    private final NotificationService notifications;
    private final WebhookFanOut webhooks;
    private final ChannelOwnerRepository owners;
    private final ObjectMapper json;

    public PlatformEventsConsumer(IdempotentConsumer consumer, NotificationService notifications, WebhookFanOut webhooks,
                                  ChannelOwnerRepository owners, ObjectMapper json) {
        this.owners = owners;
        this.consumer = consumer;
        this.notifications = notifications;
        this.webhooks = webhooks;
        this.json = json;
    }

    @Incoming("billing-events")
    public Uni<Void> onBillingEvent(Message<String> message) {
        // every billing event is keyed by customer and names it in its data
        return consumer.apply(BILLING, message, event -> toOwner(event, data(event).path("customerId").asText(null)));
    }

    /**
     * messaging's own endpoint events: a disabled webhook endpoint is told to its owner. Only those are on this
     * topic (not the statuses of messaging.events, which no app here reads); any other type it may carry one day
     * is acknowledged without a transaction.
     */
    @Incoming("endpoint-events")
    public Uni<Void> onEndpointEvent(Message<String> message) {
        return consumer.applyOnly(java.util.Set.of(WebhookEndpointDisabled.TYPE), ENDPOINTS, message,
                event -> notifications.queue(event, data(event).path("customerId").asText(null)));
    }

    private Uni<Void> toOwner(ReceivedEvent event, String customerId) {
        return notifications.queue(event, customerId).chain(() -> webhooks.fanOut(event, customerId));
    }

    /**
     * channel.events carries every message a channel receives and every status of what it sends, so it is
     * consumed a poll at a time: one transaction and one commit per poll, not per event (a commit each held a
     * busy channel's partition to a few hundred events a second; docs/benchmarks.md, "A busy channel's events a poll at a time"). Its effects
     * are database work only (owners, queued notifications, queued deliveries), as a batch consumer's must be.
     */
    @Incoming("channel-events")
    public Uni<Void> onChannelEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.applyBatch(null, CHANNELS, batch, this::onChannelEvent);
    }

    private Uni<Void> onChannelEvent(ReceivedEvent event) {
        JsonNode data = data(event);
        String channelId = data.path("channelId").asText(null);
        if (ChannelCreated.TYPE.equals(event.type())) {
            // the owner first (later events of the channel may name only the channel), then its own webhook
            String owner = data.path("customerId").asText();
            return owners.remember(channelId, owner).chain(() -> toOwner(event, owner));
        }
        if (data.hasNonNull("customerId")) {
            return toOwner(event, data.get("customerId").asText());
        }
        return owners.ownerOf(channelId).chain(owner -> toOwner(event, owner));
    }

    private JsonNode data(ReceivedEvent event) {
        try {
            return json.readTree(event.data());
        } catch (Exception e) {
            throw new IllegalArgumentException("event " + event.id() + " has unreadable data", e);
        }
    }
}
