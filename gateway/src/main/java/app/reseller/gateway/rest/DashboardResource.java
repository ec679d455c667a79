package app.reseller.gateway.rest;

import app.reseller.gateway.service.DashboardService;
import app.reseller.gateway.service.DashboardService.Dashboard;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dashboard")
public class DashboardResource {

    private final DashboardService dashboards;
    private final Caller caller;

    public DashboardResource(DashboardService dashboards, Caller caller) {
        this.dashboards = dashboards;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(operationId = "getDashboard", summary = "A customer's subscription, balance, channels and recent messages in one call",
            description = "Parts whose service did not answer in time are listed in 'missing'; the others are shown.")
    public Uni<Dashboard> dashboard(@HeaderParam("Authorization") String authorization, @QueryParam("customerId") String customerId) {
        String whose = caller.whoseRecords(customerId);
        if (whose == null) {
            throw ProblemException.badRequestOn("customerId", "customer-required", "customerId is required", "an admin names the customer: ?customerId=");
        }
        return dashboards.of(whose, authorization);
    }
}
