package app.reseller.channel.rest;

import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.service.WebhookReceiver;
import app.reseller.channel.service.WebhookReceiver.Outcome;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * WHAPI's webhooks for one channel. Public (WHAPI has no bearer token), protected by the channel's
 * secret header instead; the gateway forwards this path unchanged.
 */
@Path("/webhooks/whapi")
@Tag(name = "Webhooks")
@PermitAll
public class WhapiWebhookResource {

    private final WebhookReceiver receiver;
    private final ChannelConfig config;

    public WhapiWebhookResource(WebhookReceiver receiver, ChannelConfig config) {
        this.receiver = receiver;
        this.config = config;
    }

    @POST
    @Path("{channelId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A WHAPI webhook (channel status, login, logout); needs the channel's secret header",
            description = "No bearer token: WHAPI sends the secret the platform set on this channel's webhook in the "
                    + "X-Reseller-Webhook-Secret header (channel.webhooks.secret-header); a missing or wrong one is a 401.")
    public Uni<Outcome> receive(@PathParam("channelId") UUID channelId, JsonNode body, @Context HttpServerRequest request) {
        return receiver.receive(channelId, request.getHeader(config.webhooks().secretHeader()), body);
    }
}
