package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelMessage;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A message of WHAPI's "messages" webhook as the platform keeps it (direction IN, status RECEIVED). */
final class InboundMessages {

    private static final Set<String> MEDIA = Set.of("image", "document", "audio", "video");

    private InboundMessages() {
    }

    static ChannelMessage of(Channel channel, JsonNode message, Instant now) {
        String type = message.path("type").asText("other");
        String kind;
        String body;
        String media = null;
        if ("text".equals(type)) {
            kind = "text";
            body = message.path("text").path("body").asText(null);
        } else if (MEDIA.contains(type)) {
            kind = type;
            body = message.path(type).path("caption").asText(null);
            media = message.path(type).path("link").asText(null);
        } else { // a sticker, a location, a poll...: kept, named by WHAPI's type
            kind = "other";
            body = type;
        }
        Instant at = message.path("timestamp").canConvertToLong() ? Instant.ofEpochSecond(message.path("timestamp").asLong()) : now;
        String quoted = message.path("context").path("quoted_id").asText(null);
        return new ChannelMessage(UUID.randomUUID(), channel.id, channel.customerId, "IN", message.path("chat_id").asText(),
                kind, truncate(body, 4096), truncate(media, 2048), quoted, null, message.path("id").asText(), "RECEIVED", null, at, now);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
