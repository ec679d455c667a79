package app.reseller.channel;

import java.time.Instant;
import java.util.UUID;

/**
 * One message through a customer's own channel as an export lists it: which channel, which way,
 * which chat, what kind, how it went. Never its body or media (a customer's content stays behind the
 * per-message read of the API).
 */
public record ChannelMessageLogEntry(UUID id, Instant createdAt, UUID channelId, String customerId, String direction, String chatId,
                                     String kind, String status, String whapiMessageId, String clientReference, String failure,
                                     Instant updatedAt) {
}
