package app.reseller.billing.rest;

import app.reseller.billing.AllocationMode;
import app.reseller.billing.CustomerFilter;
import app.reseller.billing.CustomerListing;
import app.reseller.billing.SubscriptionStatus;
import app.reseller.billing.service.CustomerDirectory;
import app.reseller.platform.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Ops: every customer, filtered and paged by cursor. */
@Path("/admin/customers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Admin: customers", description = "Every customer: plan, subscription, allocation mode, days and channels")
public class OperatorCustomerResource {

    public record CustomerPage(List<CustomerListing> items,
                               @Schema(description = "Pass as ?cursor= (with the same filters) for the next page; absent on the last")
                               String nextCursor) {
    }

    private final CustomerDirectory directory;

    public OperatorCustomerResource(CustomerDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Operation(summary = "All customers by id, filtered (every filter optional, all combined) and paged by cursor")
    public Uni<CustomerPage> list(@QueryParam("planId") UUID planId,
                                  @QueryParam("subscriptionStatus") @Parameter(description = "Of the current subscription: the live one, else the latest")
                                  SubscriptionStatus subscriptionStatus,
                                  @QueryParam("allocationMode") AllocationMode allocationMode,
                                  @QueryParam("balanceBelow") @Min(0) @Max(Integer.MAX_VALUE) @Parameter(description = "Customers holding fewer days than this")
                                  Long balanceBelow,
                                  @QueryParam("channelsAtLeast") @Min(0) @Max(100_000) Integer channelsAtLeast,
                                  @QueryParam("channelsAtMost") @Min(0) @Max(100_000) Integer channelsAtMost,
                                  @QueryParam("cursor") @Size(max = 200) @Parameter(description = "The previous page's nextCursor") String cursor,
                                  @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        CustomerFilter filter = new CustomerFilter(planId, subscriptionStatus, allocationMode, balanceBelow, channelsAtLeast, channelsAtMost);
        return directory.page(filter, cursor, limit).map(page -> new CustomerPage(page.items(), page.nextCursor()));
    }
}
