package app.reseller.gateway.rest;

import app.reseller.gateway.service.OverviewService;
import app.reseller.gateway.service.OverviewService.Overview;
import app.reseller.platform.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/overview")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dashboard")
public class OverviewResource {

    private final OverviewService overviews;

    public OverviewResource(OverviewService overviews) {
        this.overviews = overviews;
    }

    @GET
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "getOverview", summary = "The business at a glance: customers, days, spending, runway, what to buy, the fleet",
            description = "The days part and the channels part as their services answer them; a part whose service did not answer"
                    + " in time is listed in 'missing'. How the forecast is computed: docs/operators.md.")
    public Uni<Overview> overview(@HeaderParam("Authorization") String authorization) {
        return overviews.read(authorization);
    }
}
