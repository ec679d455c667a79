package app.reseller.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.ZonedDateTime;
import java.util.UUID;

/** A CloudEvent as a consumer sees it: its attributes and its JSON data. */
public record ReceivedEvent(UUID id, String type, String source, String subject, ZonedDateTime time,
                            String topic, String key, String data) {

    /** The data as the given payload type (unknown fields are an error: contracts are versioned in the type). */
    public <T> T dataAs(ObjectMapper json, Class<T> payloadType) {
        try {
            return json.readValue(data, payloadType);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + id + " of type " + type + " has unreadable data", e);
        }
    }
}
