package app.reseller.billing.rest;

import app.reseller.billing.rest.Requests.ApiKeyRequest;
import app.reseller.billing.rest.Requests.ResolveApiKeyRequest;
import app.reseller.billing.rest.Views.ApiKeyView;
import app.reseller.billing.rest.Views.IssuedApiKeyView;
import app.reseller.billing.rest.Views.ResolvedApiKeyView;
import app.reseller.billing.service.ApiKeyService;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.GatewayIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * A customer's API keys, for its own systems (docs/identity.md). Customers create, list and revoke
 * their own; an admin lists and revokes anyone's. The key is in the creation's answer only.
 */
@Path("/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API keys")
public class ApiKeyResource {

    private final ApiKeyService keys;
    private final Caller caller;

    public ApiKeyResource(ApiKeyService keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.CUSTOMER)
    @Operation(summary = "Creates an API key; the answer holds the key, shown this once")
    @APIResponse(responseCode = "201", description = "The key's record and the key itself, never shown again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedApiKeyView.class)))
    public Uni<Response> create(@Valid @NotNull ApiKeyRequest request) {
        return keys.issue(caller.customerId(), request.name().strip(), request.scopes(), request.channelIds(), request.expiresAt())
                .map(issued -> Response.status(201).entity(IssuedApiKeyView.of(issued)).build());
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "API keys, newest first, revoked ones too (customers: their own; admin: ?customerId= or everyone's)")
    public Uni<List<ApiKeyView>> list(@QueryParam("customerId") String customerId) {
        return keys.list(caller, customerId).map(list -> list.stream().map(ApiKeyView::of).toList());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Revokes an API key: every gateway refuses it within a second")
    @APIResponse(responseCode = "204", description = "Revoked (revoking a revoked key is the same answer)")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return keys.revoke(caller, id).map(revoked -> Response.noContent().build());
    }

    /** The gateway resolves a key by its hash; nobody else may (the gateway's own signed identity is required). */
    @POST
    @Path("/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(GatewayIdentity.GATEWAY_ROLE)
    @Operation(hidden = true)
    public Uni<ResolvedApiKeyView> resolve(@Valid @NotNull ResolveApiKeyRequest request) {
        caller.requireGateway();
        return keys.resolve(request.secretHash()).map(ResolvedApiKeyView::of);
    }
}
