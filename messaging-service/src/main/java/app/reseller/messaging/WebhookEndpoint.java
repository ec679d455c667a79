package app.reseller.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's URL that receives the platform's events it subscribed to, signed with the
 * endpoint's secret (Standard Webhooks). The secret itself never leaves the service after it was
 * shown once; {@code previousSecretUntil} is set while a rotated-out secret still signs.
 */
public record WebhookEndpoint(UUID id, String customerId, String url, String description, List<String> eventTypes,
                              boolean enabled, String disabledReason, Instant failingSince, Instant previousSecretUntil,
                              Instant createdAt, Instant updatedAt) {
}
