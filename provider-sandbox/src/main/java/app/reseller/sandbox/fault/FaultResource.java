package app.reseller.sandbox.fault;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** The control API tests and operators use to make the simulated providers misbehave. */
@Path("/_sandbox/faults")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FaultResource {

    private final FaultRules rules;

    public FaultResource(FaultRules rules) {
        this.rules = rules;
    }

    @POST
    @Operation(summary = "Add a fault rule", description = "e.g. {\"kind\":\"LOST_ANSWER\",\"method\":\"POST\",\"pathPattern\":\"/channels/.+/extend\",\"times\":1}")
    public Response add(@Valid @NotNull Fault fault) {
        FaultRules.ActiveFault active = rules.add(fault);
        return Response.status(201).entity(new FaultView(active.id(), fault, active.remaining().get())).build();
    }

    @GET
    @Operation(summary = "The fault rules in force")
    public List<FaultView> list() {
        return rules.list().stream().map(a -> new FaultView(a.id(), a.fault(), a.remaining().get())).toList();
    }

    @DELETE
    @Operation(summary = "Remove every fault rule")
    public Response clear() {
        rules.clear();
        return Response.noContent().build();
    }

    public record FaultView(long id, Fault fault, int remainingUses) {
    }
}
