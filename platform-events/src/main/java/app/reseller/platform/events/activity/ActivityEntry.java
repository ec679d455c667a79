package app.reseller.platform.events.activity;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One entry of the activity trail as it is read back. */
public record ActivityEntry(long id, Instant at, String actor, String apiKeyId, String customerId, String action, String target,
                            String reason, JsonNode before, JsonNode after, String correlationId) {
}
