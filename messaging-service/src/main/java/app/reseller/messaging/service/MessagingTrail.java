package app.reseller.messaging.service;

import app.reseller.messaging.OutboundMessage;
import app.reseller.messaging.WebhookEndpoint;
import app.reseller.platform.events.activity.ActivityLog;
import app.reseller.platform.events.activity.SameTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * The messaging writes' entries in the activity trail (docs/operators.md "Activity trail"), named as
 * the public API names the operations. What they show is chosen here: never a message's text,
 * parameters, media or recipient, never a webhook secret, never the query of an endpoint's URL (a
 * customer may have put a token there).
 */
@ApplicationScoped
public class MessagingTrail {

    /** A message as the trail shows it. */
    public record MessageShown(UUID id, String kind, String template, String status) {
        static MessageShown of(OutboundMessage m) {
            return new MessageShown(m.id, m.kind == null ? null : m.kind.name(), m.template, m.status == null ? null : m.status.name());
        }
    }

    /** A webhook endpoint as the trail shows it. */
    public record EndpointShown(UUID id, String url, String description, List<String> eventTypes, boolean enabled) {
        static EndpointShown of(WebhookEndpoint e) {
            return e == null ? null : new EndpointShown(e.id(), withoutQuery(e.url()), e.description(), e.eventTypes(), e.enabled());
        }
    }

    private final ActivityLog activity;

    public MessagingTrail(ActivityLog activity) {
        this.activity = activity;
    }

    /** A message stored to be sent, in the transaction that stores it. */
    public Uni<Void> messageStored(String action, OutboundMessage m) {
        return activity.record(action, m.customerId, "MESSAGE:" + m.id, null, null, MessageShown.of(m));
    }

    /** A change of the customer's webhook endpoint, in the reactive pool's transaction that makes it. */
    public SameTransaction<WebhookEndpoint> endpoint(String action) {
        return (tx, before, after) -> {
            WebhookEndpoint any = after != null ? after : before;
            return activity.record(tx, action, any.customerId(), "WEBHOOK_ENDPOINT:" + any.id(), null, EndpointShown.of(before),
                    EndpointShown.of(after));
        };
    }

    /** Deliveries of an endpoint queued again, in the transaction that queues them: how many. */
    public SameTransaction<Integer> requeued(String action, WebhookEndpoint endpoint) {
        return (tx, before, count) -> activity.record(tx, action, endpoint.customerId(), "WEBHOOK_ENDPOINT:" + endpoint.id(), null, null,
                java.util.Map.of("deliveriesQueued", count));
    }

    /** A change of data held for a customer (a contact) or of the platform's own (customerId null), in the current transaction. */
    public Uni<Void> changed(String action, String customerId, String target, Object before, Object after) {
        return activity.record(action, customerId, target, null, before, after);
    }

    /** An action whose effect is at Wappin (a number check): its own transaction, once Wappin answered. */
    public Uni<Void> actedAtWappin(String action, String customerId, String target, Object after) {
        return activity.recordOnItsOwn(action, customerId, target, null, null, after);
    }

    static String withoutQuery(String url) {
        try {
            URI u = URI.create(url);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException unreadable) {
            return "(not shown)";
        }
    }
}
