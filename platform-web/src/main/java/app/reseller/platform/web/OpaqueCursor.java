package app.reseller.platform.web;

import app.reseller.platform.domain.InvalidValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The text of a "where the next page starts" cursor: a version and a few fields, base64url, with a
 * checksum so that a cursor cut short by a copy and paste is refused rather than read as another
 * position. Opaque to callers; each list decides what its fields are and checks them.
 */
public final class OpaqueCursor {

    private OpaqueCursor() {
    }

    /** The cursor for {@code fields} (none may contain '|' but the last) under {@code version}. */
    public static String encode(String version, List<String> fields) {
        String plain = version + "|" + String.join("|", fields);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((checksum(plain) + "|" + plain).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code count} fields of a cursor made by {@link #encode} under {@code version}; a cursor
     * that is malformed, altered or of another version is refused as an invalid {@code cursor}.
     */
    public static List<String> decode(String cursor, String version, int count) {
        try {
            String[] signed = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            String[] parts = signed.length == 2 && signed[0].equals(checksum(signed[1])) ? signed[1].split("\\|", count + 1) : new String[0];
            if (parts.length == count + 1 && version.equals(parts[0])) {
                return List.of(parts).subList(1, parts.length);
            }
        } catch (IllegalArgumentException malformed) {
            // refused below
        }
        throw invalid();
    }

    public static InvalidValue invalid() {
        return new InvalidValue("cursor", "invalid-cursor", "Invalid cursor",
                "pass the nextCursor of the previous page, with the same filters and order");
    }

    private static String checksum(String plain) {
        CRC32 crc = new CRC32();
        crc.update(plain.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
