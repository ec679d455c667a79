package app.reseller.channel;

import java.time.Instant;
import java.util.UUID;

/**
 * A message through a customer's own channel. {@code chatId} is WHAPI's chat id (a phone number's is
 * {@code <digits>@s.whatsapp.net}); {@code whapiMessageId} is known once WHAPI took the message.
 */
public record ChannelMessage(UUID id, UUID channelId, String customerId, String direction, String chatId, String kind,
                             String body, String mediaUrl, String replyTo, String clientReference, String whapiMessageId,
                             String status, String failure, Instant createdAt, Instant updatedAt) {

    /** What a customer may send: a text, or one of WHAPI's media kinds (by URL). */
    public enum Kind {
        text, image, document, audio, video
    }
}
