package app.reseller.channel.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** WHAPI's gate API (a channel's own token). Used only through {@link WhapiGate}. */
@RegisterRestClient(configKey = "whapi-gate")
@RegisterProvider(WhapiErrorMapper.class)
@Consumes(MediaType.APPLICATION_JSON)
interface WhapiGateApi {

    @GET
    @Path("/users/login")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> qr(@HeaderParam("Authorization") String authorization, @QueryParam("wakeup") boolean wakeup);

    @GET
    @Path("/users/login/image")
    @Produces("image/png")
    Uni<byte[]> qrImage(@HeaderParam("Authorization") String authorization, @QueryParam("wakeup") boolean wakeup);

    @GET
    @Path("/users/login/{phone}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> pairingCode(@HeaderParam("Authorization") String authorization, @PathParam("phone") String phone);

    @GET
    @Path("/health")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> health(@HeaderParam("Authorization") String authorization);

    /** The same call as a probe: wakeup=false, so asking never launches a channel that is not running. */
    @GET
    @Path("/health")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> probe(@HeaderParam("Authorization") String authorization, @QueryParam("wakeup") boolean wakeup);

    @PATCH
    @Path("/settings")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> updateSettings(@HeaderParam("Authorization") String authorization, JsonNode settings);

    @jakarta.ws.rs.POST
    @Path("/messages/text")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> sendText(@HeaderParam("Authorization") String authorization, JsonNode message);

    /** type: image, document, audio or video */
    @jakarta.ws.rs.POST
    @Path("/messages/{type}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> sendMedia(@HeaderParam("Authorization") String authorization, @PathParam("type") String type, JsonNode message);

    @jakarta.ws.rs.POST
    @Path("/users/logout")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> logout(@HeaderParam("Authorization") String authorization);
}
