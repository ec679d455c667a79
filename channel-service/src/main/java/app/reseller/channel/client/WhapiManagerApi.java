package app.reseller.channel.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** WHAPI's manager API (partner token), as its OpenAPI description has it. Used only through {@link WhapiManager}. */
@RegisterRestClient(configKey = "whapi-manager")
@RegisterProvider(WhapiErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface WhapiManagerApi {

    record NewChannel(String name, String projectId, String phone) {
    }

    record Extension(int days, String comment) {
    }

    record Stop(boolean saveDays) {
    }

    record Mode(String mode) {
    }

    @PUT
    @Path("/channels")
    Uni<WhapiChannel> create(@HeaderParam("Authorization") String authorization, NewChannel channel);

    @GET
    @Path("/channels/{id}")
    Uni<WhapiChannel> get(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @GET
    @Path("/channels/list")
    Uni<JsonNode> list(@HeaderParam("Authorization") String authorization, @QueryParam("count") int count,
                       @QueryParam("offset") int offset);

    @POST
    @Path("/channels/{id}/restart")
    Uni<JsonNode> restart(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @POST
    @Path("/channels/{id}/stop")
    Uni<JsonNode> stop(@HeaderParam("Authorization") String authorization, @PathParam("id") String id, Stop stop);

    @POST
    @Path("/channels/{id}/start")
    Uni<JsonNode> start(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @POST
    @Path("/channels/{id}/extend")
    Uni<JsonNode> extend(@HeaderParam("Authorization") String authorization, @PathParam("id") String id, Extension extension);

    @PATCH
    @Path("/channels/{id}/mode")
    Uni<JsonNode> changeMode(@HeaderParam("Authorization") String authorization, @PathParam("id") String id, Mode mode);

    @DELETE
    @Path("/channels/{id}")
    Uni<JsonNode> delete(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);
}
