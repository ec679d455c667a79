package app.reseller.billing.rest;

import jakarta.ws.rs.BeanParam;
import app.reseller.billing.rest.Requests.AllocationModeRequest;
import app.reseller.billing.rest.Views.BalanceView;
import app.reseller.billing.rest.Views.Page;
import app.reseller.billing.rest.Views.TransferView;
import app.reseller.billing.rest.Views.RunwayView;
import app.reseller.billing.service.DaysOverviewService;
import app.reseller.billing.service.EntitlementService;
import app.reseller.billing.service.LedgerCommands;
import app.reseller.billing.service.SubscriptionService;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A customer's balance, ledger history and allocation mode. Customers see only their own. */
@Path("/customers/{customerId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class CustomerResource {

    private final LedgerCommands ledger;
    private final EntitlementService entitlements;
    private final SubscriptionService subscriptions;
    private final DaysOverviewService overview;
    private final Caller caller;

    public CustomerResource(LedgerCommands ledger, EntitlementService entitlements, SubscriptionService subscriptions,
                            DaysOverviewService overview, Caller caller) {
        this.ledger = ledger;
        this.entitlements = entitlements;
        this.subscriptions = subscriptions;
        this.overview = overview;
        this.caller = caller;
    }

    @GET
    @Path("runway")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "How long the customer's balance lasts at its channels' renewals, and the days those renewals take",
            description = "How it is computed: docs/operators.md, \"Runway and forecasts\"")
    public Uni<RunwayView> runway(@PathParam("customerId") String customerId) {
        caller.mayAccess(customerId, "Customer", customerId);
        return overview.demandOf(customerId).map(RunwayView::of);
    }

    @GET
    @Path("balance")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @WithSession
    @Operation(summary = "Balance, plan and allocation mode of a customer")
    public Uni<BalanceView> balance(@PathParam("customerId") String customerId) {
        caller.mayAccess(customerId, "Customer", customerId);
        return entitlements.snapshot(customerId).map(e ->
                new BalanceView(customerId, e.balanceDays(), e.allocationMode(), e.active(), e.maxChannels()));
    }

    @GET
    @Path("ledger")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "The customer's ledger transfers, newest first")
    public Uni<Page<TransferView>> history(@PathParam("customerId") String customerId,
                                           @Valid @BeanParam PageRequest paging) {
        caller.mayAccess(customerId, "Customer", customerId);
        return ledger.history(customerId, paging.page(), paging.size());
    }

    @PUT
    @Path("allocation-mode")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "AUTOMATIC: billing allocates and tops up by itself; MANUAL: the admin does")
    public Uni<BalanceView> setAllocationMode(@PathParam("customerId") String customerId,
                                              @Valid @NotNull AllocationModeRequest request) {
        return subscriptions.setAllocationMode(customerId, request.mode(), caller.name())
                .chain(() -> balance(customerId));
    }
}
