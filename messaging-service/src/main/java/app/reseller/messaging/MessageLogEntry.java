package app.reseller.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * One outbound message as an export lists it: who, to whom, what kind, how it went. Never its body
 * or parameters (a customer's content stays behind the per-message read of the API).
 */
public record MessageLogEntry(UUID id, Instant createdAt, String customerId, String recipient, String kind, String template,
                              String status, String wappinMessageId, String failureCode, String failure, Instant updatedAt) {
}
