package app.reseller.billing.rest;

import app.reseller.platform.web.IdempotencyKey;
import app.reseller.billing.Subscription;
import app.reseller.billing.rest.Requests.CancelRequest;
import app.reseller.billing.rest.Requests.HoldRequest;
import app.reseller.billing.rest.Requests.SubscribeRequest;
import app.reseller.billing.rest.Views.SubscriptionView;
import app.reseller.billing.rest.Views.TransitionView;
import app.reseller.billing.service.SubscriptionService;
import app.reseller.platform.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Path("/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions")
public class SubscriptionResource {

    private final SubscriptionService subscriptions;
    private final Caller caller;

    public SubscriptionResource(SubscriptionService subscriptions, Caller caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Caller.CUSTOMER)
    @Operation(summary = "Subscribe to a plan: PENDING_PAYMENT until the admin confirms the payment")
    @APIResponse(responseCode = "201", description = "The subscription, PENDING_PAYMENT (a repeat with the same Idempotency-Key answers the first one)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    public Uni<Response> subscribe(@Valid @NotNull SubscribeRequest request,
                                   @Parameter(description = "repeats replay the first answer")
                                   @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String key) {
        return subscriptions.subscribeOnce(caller.customerId(), request.planId(), caller.name(), key, SubscriptionView::of)
                .map(LedgerResource::respond);
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "A customer's subscriptions, newest first (customers: their own; admin: ?customerId=)")
    public Uni<List<SubscriptionView>> list(@QueryParam("customerId") String customerId) {
        String whose = caller.whoseRecords(customerId);
        if (whose == null) {
            throw app.reseller.platform.web.ProblemException.badRequestOn("customerId", "customer-required", "customerId is required",
                    "an admin lists one customer's subscriptions at a time: ?customerId=");
        }
        return subscriptions.listOf(whose).map(list -> list.stream().map(SubscriptionView::of).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    public Uni<SubscriptionView> get(@PathParam("id") UUID id) {
        return visible(id).map(SubscriptionView::of);
    }

    @GET
    @Path("{id}/history")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Every transition: from, to, who, why, when")
    public Uni<List<TransitionView>> history(@PathParam("id") UUID id) {
        return visible(id).chain(s -> subscriptions.history(id)).map(rows -> rows.stream()
                .map(t -> new TransitionView(t.from(), t.to(), t.actor(), t.reason(), t.at())).toList());
    }

    @POST
    @Path("{id}/confirm-payment")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "The payment arrived: PENDING_PAYMENT -> ACTIVE for one period")
    public Uni<SubscriptionView> confirmPayment(@PathParam("id") UUID id) {
        return subscriptions.confirmPayment(id, caller.name()).map(SubscriptionView::of);
    }

    @POST
    @Path("{id}/renew")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Another paid period")
    public Uni<SubscriptionView> renew(@PathParam("id") UUID id) {
        return subscriptions.renew(id, caller.name()).map(SubscriptionView::of);
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Cancel (a plan change is a cancel plus a new subscription)")
    public Uni<SubscriptionView> cancel(@PathParam("id") UUID id, @Valid CancelRequest request) {
        return subscriptions.cancel(id, caller.name(), request == null ? null : request.reason()).map(SubscriptionView::of);
    }

    @PUT
    @Path("{id}/hold")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Hold a subscription at its step until a time (ACTIVE, GRACE or SUSPENDED)",
            description = "The grace policy does not move it on before then: an ACTIVE one does not lapse when its period ends, a "
                    + "GRACE one is not suspended, a SUSPENDED one does not expire (its channels deleted). Paying still restores a "
                    + "lapsed one at once. 409 subscription-not-holdable for any other status.")
    public Uni<SubscriptionView> hold(@PathParam("id") UUID id, @Valid @NotNull HoldRequest request) {
        return subscriptions.hold(id, request.until(), caller.name(), request.reason()).map(SubscriptionView::of);
    }

    @DELETE
    @Path("{id}/hold")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Release the hold: the step is due as the grace policy says")
    public Uni<SubscriptionView> releaseHold(@PathParam("id") UUID id) {
        return subscriptions.hold(id, null, caller.name(), null).map(SubscriptionView::of);
    }

    private Uni<Subscription> visible(UUID id) {
        return subscriptions.find(id).invoke(s -> caller.mayAccess(s.customerId, "Subscription", id));
    }
}
