package app.reseller.sandbox.whapi;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** An error answered in WHAPI's own shape: {"error": {"code", "message", "details"}}. */
public class WhapiError extends WebApplicationException {

    public WhapiError(int status, String message, String details) {
        super(message, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", Map.of("code", status, "message", message, "details", details))).build());
    }

    /** A refusal that says when to come back (a 429 of the creation window): the Retry-After header, in seconds. */
    public WhapiError(int status, String message, String details, long retryAfterSeconds) {
        super(message, Response.status(status).type(MediaType.APPLICATION_JSON).header("Retry-After", retryAfterSeconds)
                .entity(Map.of("error", Map.of("code", status, "message", message, "details", details))).build());
    }
}
