package app.reseller.messaging.client;

import app.reseller.platform.domain.ProviderFault;

/** Wappin answered a result code other than "200" (in the body, whatever the HTTP status). */
public class WappinException extends ProviderFault {

    private final String code;

    public WappinException(String code, String message) {
        super("Wappin", Outcome.REFUSED, "Wappin answered " + code + ": " + message, null);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The HTTP layer failed (5xx without a Wappin body): the request may or may not have been handled. */
    public static final class Unavailable extends ProviderFault {
        private final int httpStatus;

        public Unavailable(int httpStatus) {
            super("Wappin", Outcome.UNKNOWN, "Wappin answered HTTP " + httpStatus, null);
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }
}
