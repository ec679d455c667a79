package app.reseller.channel.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/**
 * A channel as WHAPI's manager API describes it. Only the fields the platform uses; unknown ones
 * are ignored so WHAPI can add fields without breaking us.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WhapiChannel(String id, String token, String name, String phone, String projectId, String mode,
                           String status, Long activeTill, Long creationTS, Boolean stopped, Boolean blocked) {

    /** Epoch values below this are seconds: WHAPI's real answers use milliseconds, some examples seconds. */
    private static final long SECONDS_LIMIT = 100_000_000_000L;

    public Instant activeTillInstant() {
        return epoch(activeTill);
    }

    /** When WHAPI made the channel (null when it does not say). */
    public Instant createdAt() {
        return epoch(creationTS);
    }

    static Instant epoch(Long value) {
        if (value == null) {
            return null;
        }
        return value < SECONDS_LIMIT ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }

    /** Never prints the channel token (records print every field by default). */
    @Override
    public String toString() {
        return "WhapiChannel[id=" + id + ", mode=" + mode + ", status=" + status + ", activeTill=" + activeTill + "]";
    }
}
