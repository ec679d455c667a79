package app.reseller.messaging.rest;

import jakarta.ws.rs.BeanParam;
import app.reseller.messaging.rest.WebhookRequests.EndpointChange;
import app.reseller.messaging.rest.WebhookRequests.EndpointRequest;
import app.reseller.messaging.rest.WebhookRequests.ReplayRequest;
import app.reseller.messaging.rest.WebhookRequests.RotationRequest;
import app.reseller.messaging.rest.WebhookViews.DeliveryView;
import app.reseller.messaging.rest.WebhookViews.EndpointView;
import app.reseller.messaging.rest.WebhookViews.EndpointWithSecret;
import app.reseller.messaging.rest.WebhookViews.Replayed;
import app.reseller.messaging.service.WebhookEndpoints;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.PageRequest;
import app.reseller.platform.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer's (or, for a customer, an admin's) webhook endpoints, their secrets and delivery logs (docs/webhooks.md). */
@Path("/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
@Tag(name = "Webhook endpoints")
public class WebhookEndpointResource {

    private final WebhookEndpoints endpoints;
    private final Caller caller;

    public WebhookEndpointResource(WebhookEndpoints endpoints, Caller caller) {
        this.endpoints = endpoints;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Register an endpoint: https URL, the event types it wants; its signing secret is shown this once")
    @APIResponse(responseCode = "201", description = "The endpoint and its secret (whsec_…)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EndpointWithSecret.class)))
    @APIResponse(responseCode = "409", description = "The customer has as many endpoints as it may register (webhook-endpoint-limit)")
    @APIResponse(responseCode = "422", description = "The URL is refused: not https, credentials in it, or an address that is not public (webhook-url-refused)")
    public Uni<Response> register(@Valid @NotNull EndpointRequest request) {
        String owner = caller.whoseRecords(request.customerId());
        if (owner == null || owner.isBlank()) {
            throw ProblemException.badRequestOn("customerId", "customer-required", "Customer required", "an admin registers an endpoint for a customerId");
        }
        return endpoints.register(owner, request.url(), request.description(), request.eventTypes(),
                        request.enabled() == null || request.enabled())
                .map(made -> Response.status(201).entity(new EndpointWithSecret(EndpointView.of(made.endpoint()), made.secret())).build());
    }

    @GET
    @Operation(summary = "The caller's endpoints (an admin: everyone's, or one customer's)")
    public Uni<List<EndpointView>> list(@QueryParam("customerId") String customerId) {
        return endpoints.list(caller, customerId).map(list -> list.stream().map(EndpointView::of).toList());
    }

    @GET
    @Path("{id}")
    public Uni<EndpointView> get(@PathParam("id") UUID id) {
        return endpoints.find(caller, id).map(EndpointView::of);
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Change the URL, the event types, the description, or enable / disable it (enabling clears why it was disabled)")
    @APIResponse(responseCode = "200", description = "The endpoint as changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "422", description = "The new URL is refused: not https, credentials in it, or an address that is not public (webhook-url-refused)")
    public Uni<EndpointView> change(@PathParam("id") UUID id, @Valid @NotNull EndpointChange change) {
        return endpoints.change(caller, id, change.url(), change.description(), change.eventTypes(), change.enabled())
                .map(EndpointView::of);
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Deleted, with its delivery log")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return endpoints.delete(caller, id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(summary = "A new signing secret, shown this once; the old one keeps signing during the grace period (both signatures are sent)")
    public Uni<EndpointWithSecret> rotate(@PathParam("id") UUID id, @Valid RotationRequest request) {
        Duration grace = request == null || request.graceHours() == null ? null : Duration.ofHours(request.graceHours());
        return endpoints.rotate(caller, id, grace)
                .map(made -> new EndpointWithSecret(EndpointView.of(made.endpoint()), made.secret()));
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "The delivery log, newest first: status, attempts, last answer, next attempt")
    public Uni<List<DeliveryView>> deliveries(@PathParam("id") UUID id,
                                              @QueryParam("status") @Pattern(regexp = "PENDING|DELIVERED|FAILED|SKIPPED") String status,
                                              @QueryParam("from") Instant from, @QueryParam("until") Instant until,
                                              @Valid @BeanParam PageRequest paging) {
        return endpoints.deliveries(caller, id, status, from, until, paging.page(), paging.size())
                .map(list -> list.stream().map(d -> DeliveryView.of(d, null)).toList());
    }

    @GET
    @Path("{id}/deliveries/{deliveryId}")
    @Operation(summary = "One delivery with every attempt: time, status code, latency, response excerpt, error, next attempt")
    public Uni<DeliveryView> delivery(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        return endpoints.delivery(caller, id, deliveryId).map(log -> DeliveryView.of(log.delivery(), log.attempts()));
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    @Operation(summary = "Send one delivery again (same webhook-id, same body)")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryView.class)))
    public Uni<Response> redeliver(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        return endpoints.redeliver(caller, id, deliveryId)
                .map(log -> Response.accepted(DeliveryView.of(log.delivery(), log.attempts())).build());
    }

    @POST
    @Path("{id}/replay")
    @Operation(summary = "Send every delivery of a time range again, in their order (same webhook-ids)")
    @APIResponse(responseCode = "202", description = "How many were queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Replayed.class)))
    public Uni<Response> replay(@PathParam("id") UUID id, @Valid @NotNull ReplayRequest request) {
        return endpoints.replay(caller, id, request.from(), request.until())
                .map(count -> Response.accepted(new Replayed(count)).build());
    }
}
