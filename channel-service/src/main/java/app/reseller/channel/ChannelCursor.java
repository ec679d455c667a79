package app.reseller.channel;

import app.reseller.platform.web.OpaqueCursor;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Where the next page of an operator's channel list starts: the order it was read in and the sort
 * key and id of the last channel of the page ({@link OpaqueCursor}: opaque, checksummed). A cursor
 * made for another order, or not made by us, is refused as invalid.
 */
public record ChannelCursor(ChannelOrder order, boolean descending, String key, UUID id) {

    private static final String VERSION = "c1";

    private static boolean keyFits(ChannelOrder order, String key) {
        if (order == ChannelOrder.NAME) {
            return true;
        }
        try {
            return "infinity".equals(key) || Instant.parse(key) != null;
        } catch (DateTimeParseException notAnInstant) {
            return false;
        }
    }

    public String encode() {
        return OpaqueCursor.encode(VERSION, List.of(order.name(), descending ? "d" : "a", id.toString(), key));
    }

    /** The cursor a page of {@code order} handed out; null for the first page. */
    public static ChannelCursor decode(String cursor, ChannelOrder order, boolean descending) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        List<String> parts = OpaqueCursor.decode(cursor, VERSION, 4);
        try {
            if (order.name().equals(parts.get(0)) && (descending ? "d" : "a").equals(parts.get(1)) && keyFits(order, parts.get(3))) {
                return new ChannelCursor(order, descending, parts.get(3), UUID.fromString(parts.get(2)));
            }
        } catch (IllegalArgumentException malformed) {
            // refused below, like a cursor of another order
        }
        throw OpaqueCursor.invalid();
    }
}
