package app.reseller.billing.rest;

import app.reseller.platform.web.IdempotencyKey;
import app.reseller.billing.rest.Requests.AdjustmentRequest;
import app.reseller.billing.rest.Requests.AllocationRequest;
import app.reseller.billing.rest.Requests.ExtensionRequest;
import app.reseller.billing.rest.Requests.ReclaimRequest;
import app.reseller.billing.rest.Requests.TopUpRequest;
import app.reseller.billing.rest.Views.PoolView;
import app.reseller.billing.rest.Views.ReconciliationView;
import app.reseller.billing.service.IdempotencyService.Answer;
import app.reseller.billing.DaysOverview;
import app.reseller.billing.service.DaysOverviewService;
import app.reseller.billing.service.LedgerAuditor;
import app.reseller.billing.service.LedgerCommands;
import app.reseller.platform.events.audit.AuditReport;
import app.reseller.platform.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The admin's day-moving operations. Every POST honours Idempotency-Key. */
@Path("/ledger")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Ledger", description = "The day ledger: days bought from WHAPI, allocated to customers, spent on channels")
public class LedgerResource {


    private final LedgerCommands commands;
    private final LedgerAuditor auditor;
    private final DaysOverviewService overview;
    private final Caller caller;

    public LedgerResource(LedgerCommands commands, LedgerAuditor auditor, DaysOverviewService overview, Caller caller) {
        this.commands = commands;
        this.auditor = auditor;
        this.overview = overview;
        this.caller = caller;
    }

    @GET
    @Path("overview")
    @Operation(summary = "The days at a glance: customers, pool, customers' and reserved days, days spent per day, runway and what to buy",
            description = "How the forecast is computed: docs/operators.md, \"Runway and forecasts\"")
    public Uni<DaysOverview> overview() {
        return overview.overview();
    }

    @GET
    @Path("audit")
    @Operation(summary = "Check the ledger's invariants now; every rule is listed, with its violations (none when it holds)")
    public Uni<AuditReport> audit() {
        return auditor.audit();
    }

    @POST
    @Path("top-ups")
    @Operation(summary = "Record days bought from WHAPI (EXTERNAL -> POOL)")
    @APIResponse(responseCode = "201", description = "The transfer and the pool's balance after it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.MovementView.class)))
    public Uni<Response> topUp(@Valid @NotNull TopUpRequest request, @Parameter(description = "repeats replay the first answer") @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String key) {
        return commands.topUp(request, key, caller.name()).map(LedgerResource::respond);
    }

    @POST
    @Path("allocations")
    @Operation(summary = "Give a customer days from the pool (POOL -> CUSTOMER)")
    @APIResponse(responseCode = "201", description = "The transfer and the customer's balance after it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.MovementView.class)))
    @APIResponse(responseCode = "409", description = "The pool has fewer days than asked")
    public Uni<Response> allocate(@Valid @NotNull AllocationRequest request, @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String key) {
        return commands.allocate(request, key, caller.name()).map(LedgerResource::respond);
    }

    @POST
    @Path("extensions")
    @Operation(summary = "Extend a channel: reserve the customer's days and ask channel-service to extend it on WHAPI",
            description = "Answers 202: the reservation is confirmed by ChannelExtended or released by ChannelExtensionFailed")
    @APIResponse(responseCode = "202", description = "The days are reserved; WHAPI is asked next",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.ExtensionView.class)))
    @APIResponse(responseCode = "409", description = "The customer has fewer days than asked, an extension of the channel is"
            + " in progress, or billing has not heard of the channel yet (channel-not-yet-known, with Retry-After: a channel"
            + " created a moment ago is known within seconds)")
    public Uni<Response> extend(@Valid @NotNull ExtensionRequest request, @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String key) {
        return commands.extend(request, key, caller.name()).map(LedgerResource::respond);
    }

    @POST
    @Path("reclaims")
    @Operation(summary = "Take days back from a customer into the pool (CUSTOMER -> POOL)")
    @APIResponse(responseCode = "201", description = "The transfer and the customer's balance after it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.MovementView.class)))
    @APIResponse(responseCode = "409", description = "The customer has fewer days than asked")
    public Uni<Response> reclaim(@Valid @NotNull ReclaimRequest request, @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String key) {
        return commands.reclaim(request, key, caller.name()).map(LedgerResource::respond);
    }

    @POST
    @Path("adjustments")
    @Operation(summary = "Correct an account against EXTERNAL, with a reason (positive adds, negative removes)")
    @APIResponse(responseCode = "201", description = "The transfer and the account's balance after it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.MovementView.class)))
    public Uni<Response> adjust(@Valid @NotNull AdjustmentRequest request, @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String key) {
        return commands.adjust(request, key, caller.name()).map(LedgerResource::respond);
    }

    @GET
    @Path("pool")
    @Operation(summary = "The partner's days not yet given to anyone")
    public Uni<PoolView> pool() {
        return commands.pool().map(PoolView::new);
    }

    @GET
    @Path("reconciliation")
    @Operation(summary = "Pool + customers + reserved days against WHAPI's partner balance",
            description = "Pass partnerDays (WHAPI's figure) to see the drift")
    public Uni<ReconciliationView> reconcile(@QueryParam("partnerDays") @Min(0) Long partnerDays) {
        return commands.reconcile(partnerDays);
    }

    static Response respond(Answer answer) {
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.json())
                .header("Idempotent-Replayed", answer.replayed()).build();
    }
}
