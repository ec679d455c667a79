package app.reseller.platform.secrets;

import java.util.Locale;

/** How secrets are shown and normalised: never in full, and bearer tokens with exactly one prefix. */
public final class Secrets {

    private static final String BEARER = "Bearer ";

    private Secrets() {
    }

    /**
     * The token without any {@code Bearer } prefix (however often and in whatever case it was
     * typed) and without surrounding blanks. Providers' documents store tokens both with and without it.
     */
    public static String bareToken(String token) {
        if (token == null) {
            return null;
        }
        String t = token.strip();
        while (t.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            t = t.substring(7).strip();
        }
        return t;
    }

    /** The Authorization header value for a token: exactly one {@code Bearer } prefix. */
    public static String bearer(String token) {
        return BEARER + bareToken(token);
    }

    /**
     * A recognisable but useless form of a secret for reads: the first three and last three
     * characters around an ellipsis ({@code eyJ…7cQ}); short secrets show only their length.
     */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        if (secret.length() < 12) {
            return "…(" + secret.length() + " characters)";
        }
        return secret.substring(0, 3) + "…" + secret.substring(secret.length() - 3);
    }

    /** The masked form of a bearer token as an admin recognises it: {@code Bearer eyJ…7cQ}. */
    public static String maskBearer(String token) {
        return BEARER + mask(bareToken(token));
    }
}
