package app.reseller.billing.rest;

import app.reseller.billing.rest.Views.PlanView;
import app.reseller.billing.service.PlanService;
import app.reseller.platform.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Plans")
public class PlanResource {

    private final PlanService plans;
    private final Caller caller;

    public PlanResource(PlanService plans, Caller caller) {
        this.plans = plans;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Plans on offer; an admin may include retired ones")
    public Uni<List<PlanView>> list(@QueryParam("includeRetired") boolean includeRetired) {
        return plans.list(includeRetired && caller.isAdmin()).map(list -> list.stream().map(PlanView::of).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    public Uni<PlanView> get(@PathParam("id") UUID id) {
        return plans.find(id).map(PlanView::of);
    }

    @POST
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Create a plan")
    @APIResponse(responseCode = "201", description = "The plan, as created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "409", description = "An active plan already has this name (plan-name-taken)")
    public Uni<Response> create(@Valid @NotNull PlanRequest request) {
        return plans.create(request).map(p -> Response.status(201).entity(PlanView.of(p)).build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Change a plan (running subscriptions see the change at their next period)")
    @APIResponse(responseCode = "200", description = "The plan, as changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "409", description = "Another active plan has this name (plan-name-taken)")
    public Uni<PlanView> update(@PathParam("id") UUID id, @Valid @NotNull PlanRequest request) {
        return plans.update(id, request).map(PlanView::of);
    }

    @POST
    @Path("{id}/retire")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Retire a plan: no new subscriptions; it is never deleted")
    public Uni<PlanView> retire(@PathParam("id") UUID id) {
        return plans.retire(id).map(PlanView::of);
    }
}
