package app.reseller.messaging.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * An HTTP error from Wappin: a Wappin body with a result code becomes a {@link WappinException},
 * anything else (a proxy's 502, an HTML page) a {@link WappinException.Unavailable}.
 */
public class WappinHttpErrors implements ResponseExceptionMapper<RuntimeException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public RuntimeException toThrowable(Response response) {
        try {
            String body = response.readEntity(String.class);
            var answer = JSON.readTree(body);
            if (answer.hasNonNull("status") && answer.get("status").isTextual()) {
                return new WappinException(answer.get("status").asText(), answer.path("message").asText(""));
            }
        } catch (Exception notWappin) {
            // fall through: not a Wappin body
        }
        return new WappinException.Unavailable(response.getStatus());
    }
}
