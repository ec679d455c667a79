package app.reseller.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The service reads the gateway composes (the dashboard, the operators' overview, the merged OpenAPI). Used only through {@link Services}. */
final class ServiceApis {

    private ServiceApis() {
    }

    record ResolveApiKeyRequest(String secretHash) {
    }

    @RegisterRestClient(configKey = "billing")
    @Produces(MediaType.APPLICATION_JSON)
    interface Billing {
        /** The usable API key with this hash; 404 for an unknown, revoked or expired one. Only the gateway itself may ask. */
        @jakarta.ws.rs.POST
        @Path("/api-keys/resolve")
        @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
        Uni<ResolvedApiKey> resolveApiKey(@HeaderParam(app.reseller.platform.web.GatewayIdentity.HEADER) String gatewayIdentity,
                                          ResolveApiKeyRequest request);

        @GET
        @Path("/customers/{id}/balance")
        Uni<JsonNode> balance(@HeaderParam("Authorization") String authorization, @PathParam("id") String customerId);

        @GET
        @Path("/ledger/overview")
        Uni<JsonNode> daysOverview(@HeaderParam("Authorization") String authorization);

        @GET
        @Path("/subscriptions")
        Uni<JsonNode> subscriptions(@HeaderParam("Authorization") String authorization, @QueryParam("customerId") String customerId);

        /** One page of the service's activity trail, newest first, before an entry id (null: from the newest). */
        @GET
        @Path("/activity")
        Uni<JsonNode> activity(@HeaderParam("Authorization") String authorization, @QueryParam("customerId") String customerId,
                               @QueryParam("action") String action, @QueryParam("actor") String actor, @QueryParam("from") String from,
                               @QueryParam("to") String to, @QueryParam("beforeId") Long beforeId, @QueryParam("limit") int limit);

        @GET
        @Path("/q/openapi")
        Uni<JsonNode> openapi(@QueryParam("format") String format);
    }

    @RegisterRestClient(configKey = "channel")
    @Produces(MediaType.APPLICATION_JSON)
    interface Channel {
        @GET
        @Path("/channels")
        Uni<JsonNode> channels(@HeaderParam("Authorization") String authorization, @QueryParam("customerId") String customerId);

        @GET
        @Path("/admin/channels/overview")
        Uni<JsonNode> channelOverview(@HeaderParam("Authorization") String authorization);

        /** One page of the service's activity trail, newest first, before an entry id (null: from the newest). */
        @GET
        @Path("/activity")
        Uni<JsonNode> activity(@HeaderParam("Authorization") String authorization, @QueryParam("customerId") String customerId,
                               @QueryParam("action") String action, @QueryParam("actor") String actor, @QueryParam("from") String from,
                               @QueryParam("to") String to, @QueryParam("beforeId") Long beforeId, @QueryParam("limit") int limit);

        @GET
        @Path("/q/openapi")
        Uni<JsonNode> openapi(@QueryParam("format") String format);
    }

    @RegisterRestClient(configKey = "messaging")
    @Produces(MediaType.APPLICATION_JSON)
    interface Messaging {
        @GET
        @Path("/messages")
        Uni<JsonNode> messages(@HeaderParam("Authorization") String authorization, @QueryParam("customerId") String customerId,
                               @QueryParam("size") int size);

        /** One page of the service's activity trail, newest first, before an entry id (null: from the newest). */
        @GET
        @Path("/activity")
        Uni<JsonNode> activity(@HeaderParam("Authorization") String authorization, @QueryParam("customerId") String customerId,
                               @QueryParam("action") String action, @QueryParam("actor") String actor, @QueryParam("from") String from,
                               @QueryParam("to") String to, @QueryParam("beforeId") Long beforeId, @QueryParam("limit") int limit);

        @GET
        @Path("/q/openapi")
        Uni<JsonNode> openapi(@QueryParam("format") String format);
    }
}
