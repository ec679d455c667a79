package app.reseller.messaging.service;

import app.reseller.messaging.WebhookEventType;
import app.reseller.messaging.repository.WebhookDeliveryRepository;
import app.reseller.platform.events.ReceivedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/**
 * Turns a consumed platform event into one delivery per endpoint of its owner that wants it, in the
 * consumer's transaction (so the deliveries commit with the event's processed mark, and a request
 * thread never sends a webhook). The body is fixed here, once: every attempt and every replay
 * sends the same bytes under the same webhook-id (the event id).
 */
@ApplicationScoped
public class WebhookFanOut {

    private final WebhookDeliveryRepository deliveries;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookFanOut(WebhookDeliveryRepository deliveries, ObjectMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    public Uni<Void> fanOut(ReceivedEvent event, String customerId) {
        var type = WebhookEventType.ofPlatformEvent(event.type());
        if (type.isEmpty() || customerId == null) {
            return Uni.createFrom().voidItem();
        }
        Instant at = event.time() == null ? clock.instant() : event.time().toInstant();
        JsonNode data = data(event);
        String aggregate = event.key() != null ? event.key() : event.subject() != null ? event.subject() : customerId;
        return deliveries.fanOut(customerId, event.id(), event.type(), type.get().publicName(), type.get().queue(aggregate, data),
                body(event, type.get(), at, data), at, clock.instant()).replaceWithVoid();
    }

    private JsonNode data(ReceivedEvent event) {
        try {
            return json.readTree(event.data());
        } catch (Exception e) {
            throw new IllegalArgumentException("event " + event.id() + " has unreadable data", e);
        }
    }

    /** {"type": "message.received", "timestamp": "...", "data": {the event's payload}}: the Standard Webhooks payload shape. */
    private String body(ReceivedEvent event, WebhookEventType type, Instant at, JsonNode data) {
        try {
            ObjectNode body = json.createObjectNode();
            body.put("type", type.publicName());
            body.put("timestamp", at.toString());
            body.set("data", data);
            return json.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("event " + event.id() + " has unreadable data", e);
        }
    }
}
