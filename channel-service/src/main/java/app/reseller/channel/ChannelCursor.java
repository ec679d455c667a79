package app.reseller.channel;

import app.reseller.platform.domain.InvalidValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Where the next page of an operator's channel list starts: the order it was read in and the sort
 * key and id of the last channel of the page. Opaque to callers (base64url, with a checksum so that
 * a cursor cut short by a copy and paste is refused rather than read as another position); a cursor
 * made for another order, or not made by us, is refused as invalid.
 */
public record ChannelCursor(ChannelOrder order, boolean descending, String key, UUID id) {

    private static final String VERSION = "c1";

    private static String checksum(String plain) {
        CRC32 crc = new CRC32();
        crc.update(plain.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

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
        String plain = String.join("|", VERSION, order.name(), descending ? "d" : "a", id.toString(), key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((checksum(plain) + "|" + plain).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a page of {@code order} handed out; null for the first page. */
    public static ChannelCursor decode(String cursor, ChannelOrder order, boolean descending) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] signed = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            String[] parts = signed.length == 2 && signed[0].equals(checksum(signed[1])) ? signed[1].split("\\|", 5) : new String[0];
            if (parts.length == 5 && VERSION.equals(parts[0]) && order.name().equals(parts[1])
                    && (descending ? "d" : "a").equals(parts[2]) && keyFits(order, parts[4])) {
                return new ChannelCursor(order, descending, parts[4], UUID.fromString(parts[3]));
            }
        } catch (IllegalArgumentException malformed) {
            // refused below, like a cursor of another order
        }
        throw new InvalidValue("cursor", "invalid-cursor", "Invalid cursor",
                "pass the nextCursor of the previous page, with the same sort and direction");
    }
}
