package app.reseller.channel.service;

import app.reseller.channel.ChannelMessage;
import app.reseller.platform.domain.InvalidValue;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A file the customer sends with the message itself (base64), instead of a URL WHAPI fetches. WHAPI
 * takes it on the fly as a data URI ({@code data:<mime>;name=<file>;base64,<data>}, its
 * "MediaWithUploadFromBase64"); the platform keeps only its checksum, never the file.
 */
public record MediaUpload(String base64, String mimeType, String fileName) {

    /** Decodes it and checks it against the message's kind and the size limit; the file's SHA-256. */
    public String check(ChannelMessage.Kind kind, long maxBytes) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("upload.data", "upload-not-base64", "The upload is not base64", "upload.data must be the file in base64");
        }
        if (bytes.length == 0 || bytes.length > maxBytes) {
            throw new InvalidValue("upload.data", "upload-too-large", "The upload is empty or too large",
                    "a file of 1 to " + maxBytes + " bytes (" + bytes.length + " given); larger files go by mediaUrl");
        }
        String family = mimeType.toLowerCase(Locale.ROOT).split("/")[0];
        boolean fits = switch (kind) {
            case image, audio, video -> family.equals(kind.name());
            case document -> true;
            case text -> false;
        };
        if (!fits) {
            throw new InvalidValue("upload.mimeType", "upload-type-mismatch", "The upload's type does not fit the message",
                    "a " + kind + " message needs a " + kind + "/* file, not " + mimeType);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What WHAPI's "media" field takes for an upload on the fly. */
    public String dataUri() {
        return "data:" + mimeType + (fileName == null ? "" : ";name=" + fileName) + ";base64," + base64;
    }

    /** What the history keeps of it: {@code upload:<file name>#sha256=<hex>}. */
    static String describe(MediaUpload upload, String sha256) {
        return "upload:" + (upload.fileName() == null ? "" : upload.fileName()) + "#sha256=" + sha256;
    }
}
