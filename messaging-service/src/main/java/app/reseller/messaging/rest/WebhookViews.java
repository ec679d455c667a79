package app.reseller.messaging.rest;

import app.reseller.messaging.WebhookDelivery;
import app.reseller.messaging.WebhookEndpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the webhook API answers. The secret appears only in {@link EndpointWithSecret}, once. */
final class WebhookViews {

    private WebhookViews() {
    }

    record EndpointView(UUID id, String customerId, String url, String description, List<String> eventTypes, boolean enabled,
                        String disabledReason, Instant failingSince, Instant previousSecretValidUntil, Instant createdAt,
                        Instant updatedAt) {
        static EndpointView of(WebhookEndpoint e) {
            return new EndpointView(e.id(), e.customerId(), e.url(), e.description(), e.eventTypes(), e.enabled(), e.disabledReason(),
                    e.failingSince(), e.previousSecretUntil(), e.createdAt(), e.updatedAt());
        }
    }

    /** The answer to a registration or a rotation: the signing secret, shown this once (whsec_…). */
    record EndpointWithSecret(EndpointView endpoint, String secret) {
    }

    record DeliveryView(UUID id, String webhookId, String eventType, String orderingKey, String status, int attempts,
                        Instant eventAt, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, Integer lastStatus,
                        String lastError, List<WebhookDelivery.Attempt> log) {
        static DeliveryView of(WebhookDelivery d, List<WebhookDelivery.Attempt> log) {
            return new DeliveryView(d.id(), d.eventId().toString(), d.eventType(), d.orderingKey(), d.status(), d.attempts(), d.eventAt(),
                    d.createdAt(), d.nextAttemptAt(), d.deliveredAt(), d.lastStatus(), d.lastError(), log);
        }
    }

    record Replayed(int requeued) {
    }
}
