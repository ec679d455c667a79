package app.reseller.messaging.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** Wappin's API (api.wappin.id) as its document has it. Used only through {@link Wappin}. */
@RegisterRestClient(configKey = "wappin")
@RegisterProvider(WappinHttpErrors.class)
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
interface WappinApi {

    @POST
    @Path("/token/get")
    Uni<WappinAnswer> token(@HeaderParam("Authorization") String basic);

    @POST
    @Path("/message/do-send-hsm")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<WappinAnswer> sendHsm(@HeaderParam("Authorization") String bearer, JsonNode body);

    @POST
    @Path("/message/do-send")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<WappinAnswer> sendText(@HeaderParam("Authorization") String bearer, JsonNode body);

    @POST
    @Path("/message/do-send-media")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<WappinAnswer> sendMedia(@HeaderParam("Authorization") String bearer, ClientMultipartForm form);

    @POST
    @Path("/message/inquiry")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<WappinAnswer> inquiry(@HeaderParam("Authorization") String bearer, JsonNode body);

    @POST
    @Path("/phone/number-checker")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<WappinAnswer> numberCheck(@HeaderParam("Authorization") String bearer, JsonNode body);
}
