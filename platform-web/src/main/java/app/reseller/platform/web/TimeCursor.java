package app.reseller.platform.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Where the next page of a list in time order starts: the time and id of the last row of the page
 * (opaque to callers, {@link OpaqueCursor}).
 */
public record TimeCursor(Instant at, UUID id) {

    private static final String VERSION = "t1";

    public String encode() {
        return OpaqueCursor.encode(VERSION, List.of(at.toString(), id.toString()));
    }

    /** The cursor a page handed out; null for the first page. */
    public static TimeCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        List<String> parts = OpaqueCursor.decode(cursor, VERSION, 2);
        try {
            return new TimeCursor(Instant.parse(parts.get(0)), UUID.fromString(parts.get(1)));
        } catch (DateTimeParseException | IllegalArgumentException malformed) {
            throw OpaqueCursor.invalid();
        }
    }
}
