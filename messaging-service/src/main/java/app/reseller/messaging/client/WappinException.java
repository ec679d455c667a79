package app.reseller.messaging.client;

/** Wappin answered a result code other than "200" (in the body, whatever the HTTP status). */
public class WappinException extends RuntimeException {

    private final String code;

    public WappinException(String code, String message) {
        super("Wappin answered " + code + ": " + message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The HTTP layer failed (5xx without a Wappin body): the request may or may not have been handled. */
    public static final class Unavailable extends RuntimeException {
        private final int httpStatus;

        public Unavailable(int httpStatus) {
            super("Wappin answered HTTP " + httpStatus, null, false, false);
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }
}
