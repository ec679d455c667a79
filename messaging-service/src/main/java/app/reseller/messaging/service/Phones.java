package app.reseller.messaging.service;

import app.reseller.platform.domain.InvalidValue;

/** Phone numbers arrive as 62…, +62… or 08…: Wappin wants 62…, digits only. */
public final class Phones {

    private Phones() {
    }

    /** The number in Wappin's form, or a 400 problem naming the field. */
    /** A number as a log or the activity trail may show it: its last four digits only. */
    public static String masked(String number) {
        return number == null ? null : number.length() <= 4 ? "****" : "*".repeat(number.length() - 4) + number.substring(number.length() - 4);
    }

    public static String normalize(String number, String field) {
        String digits = number == null ? "" : number.replaceAll("[\\s().-]", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        } else if (digits.startsWith("0")) {
            digits = "62" + digits.substring(1);
        }
        if (!digits.matches("\\d{9,15}")) {
            throw new InvalidValue(field, "invalid-phone", "Invalid phone number",
                    field + " must be a phone number such as 6281234567890, +6281234567890 or 081234567890");
        }
        return digits;
    }
}
