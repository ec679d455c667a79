package app.reseller.messaging.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every Wappin answer: the result code travels in {@code status} (a string), often with HTTP 200
 * even for errors. "200" is success.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WappinAnswer(String status, String message, JsonNode data, @JsonProperty("message_id") String messageId) {

    public boolean ok() {
        return "200".equals(status);
    }

    /** Never prints data (a token answer carries the access token there). */
    @Override
    public String toString() {
        return "WappinAnswer[status=" + status + ", message=" + message + ", messageId=" + messageId + "]";
    }
}
