package app.reseller.messaging.rest;

import app.reseller.messaging.service.CallbackService;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * Wappin's status and message callbacks. Public (Wappin has no bearer JWT), protected by the
 * configured callback token; the gateway forwards this path unchanged. "000" is answered only after
 * the callback is stored; any failure answers a problem, which Wappin retries.
 */
@Path("/callbacks/wappin")
@Tag(name = "Webhooks")
@PermitAll
public class CallbackResource {

    private final CallbackService callbacks;

    public CallbackResource(CallbackService callbacks) {
        this.callbacks = callbacks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A Wappin callback (status or message); answers {\"status\":\"000\"} once it is stored",
            description = "No bearer token: Wappin sends the callback token the admin set in the Wappin settings in the "
                    + "Authorization header; a missing or wrong one is a 401.")
    public Uni<Map<String, String>> receive(@HeaderParam("Authorization") String authorization, JsonNode body) {
        return callbacks.receive(authorization, body)
                .map(outcome -> Map.of("status", "000", "message", outcome == CallbackService.Outcome.STORED ? "stored" : "already stored"));
    }
}
