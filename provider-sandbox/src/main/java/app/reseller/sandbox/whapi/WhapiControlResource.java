package app.reseller.sandbox.whapi;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What tests and the local run need from the simulated WHAPI beyond its own API. */
@Path("/_sandbox/whapi")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sandbox control: WHAPI")
public class WhapiControlResource {

    private final WhapiSimulator whapi;

    public WhapiControlResource(WhapiSimulator whapi) {
        this.whapi = whapi;
    }

    @GET
    @Path("partner")
    @Operation(summary = "The partner balance in days")
    public Map<String, Long> partner() {
        return Map.of("balanceDays", whapi.balanceDays());
    }

    @PUT
    @Path("partner")
    @Operation(summary = "Set the partner balance")
    public Map<String, Long> setPartnerBalance(@QueryParam("balanceDays") @Min(0) @Max(10_000_000) long days) {
        whapi.setBalanceDays(days);
        return partner();
    }

    @GET
    @Path("channels/{id}/extensions")
    @Operation(summary = "Every extend the channel got: how many times days were really added")
    public List<Map<String, Object>> extensions(@PathParam("id") String id) {
        return whapi.extensionsOf(id);
    }

    @POST
    @Path("clock/advance")
    @Operation(summary = "Move the simulated time forward (e.g. past the 5-minute extend block)")
    public Map<String, Long> advance(@QueryParam("seconds") @Min(1) @Max(31_536_000) long seconds) {
        whapi.advance(Duration.ofSeconds(seconds));
        return Map.of("advancedSeconds", seconds);
    }

    @POST
    @Path("reset")
    @Operation(summary = "No channels, the initial balance, no rate-limit history")
    public Map<String, Long> reset() {
        whapi.reset();
        return partner();
    }
}
