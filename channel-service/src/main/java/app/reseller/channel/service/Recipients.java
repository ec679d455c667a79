package app.reseller.channel.service;

import app.reseller.platform.domain.InvalidValue;

import java.util.regex.Pattern;

/**
 * A recipient as a customer writes it, turned into WHAPI's chat id: a phone number in international
 * form ({@code +62 812-3456-7890}, {@code 6281234567890}) becomes {@code 6281234567890@s.whatsapp.net};
 * a chat id (a person's, a group's {@code …@g.us}) is taken as it is. A national number (leading 0)
 * is refused: without a country it would reach someone else.
 */
final class Recipients {

    private static final Pattern CHAT_ID = Pattern.compile("^[0-9-]{5,31}@(s\\.whatsapp\\.net|g\\.us|newsletter)$");
    private static final Pattern INTERNATIONAL = Pattern.compile("^[1-9][0-9]{6,14}$");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");

    private Recipients() {
    }

    /** The chat id of a recipient given in the request's {@code field} (named in a refusal). */
    static String chatId(String recipient, String field) {
        String written = recipient == null ? "" : recipient.strip();
        if (CHAT_ID.matcher(written).matches()) {
            return written;
        }
        String digits = SEPARATORS.matcher(written).replaceAll("");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        } else if (digits.startsWith("00")) {
            digits = digits.substring(2);
        }
        if (digits.startsWith("0")) {
            throw new InvalidValue(field, "recipient-not-international", "The recipient needs its country code",
                    "write the number in international form, e.g. +6281234567890 instead of 081234567890");
        }
        if (!INTERNATIONAL.matcher(digits).matches()) {
            throw new InvalidValue(field, "invalid-recipient", "Invalid recipient",
                    "a phone number in international form (7 to 15 digits, e.g. +6281234567890) or a WhatsApp chat id");
        }
        return digits + "@s.whatsapp.net";
    }
}
