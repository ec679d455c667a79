package app.reseller.sandbox.wappin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wappin reports its result in the body's "status" string, with HTTP 200 even for errors; the
 * simulator always does so, the hardest case for a client. Thrown to end a call with a code.
 */
public class WappinResult extends RuntimeException {

    private final String status;

    public WappinResult(String status, String message) {
        super(message);
        this.status = status;
    }

    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", getMessage());
        body.put("data", null);
        return body;
    }

    static Map<String, Object> success(String messageId, Object data, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (messageId != null) {
            body.put("message_id", messageId);
        }
        body.put("status", "200");
        body.put("message", message);
        body.put("data", data);
        return body;
    }
}
