package app.reseller.channel.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.time.Duration;

/** Turns WHAPI's error answers into {@link WhapiException}s the wrappers and services can act on. */
public class WhapiErrorMapper implements ResponseExceptionMapper<WhapiException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public WhapiException toThrowable(Response response) {
        int status = response.getStatus();
        String message = response.getStatusInfo().getReasonPhrase();
        String details = null;
        try {
            String body = response.readEntity(String.class);
            JsonNode error = body == null || body.isBlank() ? null : JSON.readTree(body).path("error");
            if (error != null && !error.isMissingNode()) {
                message = error.path("message").asText(message);
                details = error.hasNonNull("details") ? error.get("details").asText() : null;
            }
        } catch (Exception unreadable) {
            // keep the status line: an HTML error page from a proxy is still an error
        }
        Duration retryAfter = retryAfter(response.getHeaderString("Retry-After"));
        return status >= 500 || status == 429
                ? new WhapiException.Transient(status, message, details, retryAfter)
                : new WhapiException.Rejected(status, message, details, retryAfter);
    }

    private static Duration retryAfter(String header) {
        try {
            return header == null ? null : Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException httpDate) {
            return null;
        }
    }
}
