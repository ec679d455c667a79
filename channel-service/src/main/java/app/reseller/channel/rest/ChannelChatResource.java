package app.reseller.channel.rest;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import app.reseller.channel.repository.ChannelMessageRepository.Chat;
import app.reseller.channel.service.ChannelMessaging;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** The chats of a customer's channel: who it wrote to and heard from, the most recent first. */
@Path("/channels/{id}/chats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Channels")
public class ChannelChatResource {

    private final ChannelMessaging messaging;
    private final Caller caller;

    public ChannelChatResource(ChannelMessaging messaging, Caller caller) {
        this.messaging = messaging;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "The channel's chats with the messages sent and received in each; ?chat= on the messages lists one")
    public Uni<List<Chat>> chats(@PathParam("id") UUID channelId,
                                 @Valid @BeanParam PageRequest paging) {
        return messaging.chats(caller, channelId, paging.page(), paging.size());
    }
}
