package app.reseller.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * One event for one endpoint. {@code eventId} is the {@code webhook-id} of every attempt.
 * PENDING (due at nextAttemptAt), DELIVERED (a 2xx), FAILED (given up), SKIPPED (the endpoint was
 * disabled when the event came: kept for replay, never sent by itself).
 */
public record WebhookDelivery(UUID id, UUID endpointId, UUID eventId, String eventType, String orderingKey, String status,
                              int attempts, Instant eventAt, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
                              Integer lastStatus, String lastError) {

    /** One try: its answer (or why there was none), how long it took, and when the next one was due. */
    public record Attempt(int attempt, Instant startedAt, Integer statusCode, int latencyMs, String responseExcerpt, String error,
                          Instant nextAttemptAt) {
    }
}
