package app.reseller.channel.rest;

import app.reseller.platform.web.IdempotencyKey;
import jakarta.ws.rs.BeanParam;
import app.reseller.channel.ChannelMessage;
import app.reseller.channel.repository.ChannelMessageRepository.TimelineEntry;
import app.reseller.channel.service.ChannelMessaging;
import app.reseller.channel.service.MediaUpload;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Messages through a customer's own channel (WHAPI's gate API with the channel's token): send, and
 * the channel's history in both directions. Another customer's channel is a 404.
 */
@Path("/channels/{id}/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Channels")
public class ChannelMessageResource {

    public record SendMessageRequest(
            @NotBlank @Size(max = 40) String to,
            @NotNull ChannelMessage.Kind type,
            @Size(max = 4096) String text,
            @Size(max = 2048) String mediaUrl,
            @Valid Upload upload,
            @Size(max = 1024) String caption,
            @Size(max = 64) String replyTo,
            @Size(max = 100) String clientReference) {
    }

    /** A file sent with the message (instead of mediaUrl): base64, its MIME type, and a name without ';' or ','. */
    public record Upload(@NotBlank @Size(max = 5_600_000) String data,
                         @NotBlank @Size(max = 100) @Pattern(regexp = "^[\\w.+-]+/[\\w.+-]+$") String mimeType,
                         @Size(max = 200) @Pattern(regexp = "^[^;,/\\\\]+$") String fileName) {
    }

    public record ChannelMessageView(UUID id, UUID channelId, String direction, String chatId, String type, String text,
                                     String mediaUrl, String replyTo, String clientReference, String whapiMessageId, String status,
                                     String failure, Instant createdAt, Instant updatedAt, List<TimelineEntry> timeline) {
        static ChannelMessageView of(ChannelMessage m, List<TimelineEntry> timeline) {
            return new ChannelMessageView(m.id(), m.channelId(), m.direction(), m.chatId(), m.kind(), m.body(), m.mediaUrl(),
                    m.replyTo(), m.clientReference(), m.whapiMessageId(), m.status(), m.failure(), m.createdAt(), m.updatedAt(), timeline);
        }
    }

    private final ChannelMessaging messaging;
    private final Caller caller;

    public ChannelMessageResource(ChannelMessaging messaging, Caller caller) {
        this.messaging = messaging;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Sends a text, image, document, audio or video (by https URL, or uploaded as base64) through the channel",
            description = "Only on an ACTIVE channel whose phone is linked (AUTH). Refusals (409): channel-not-linked, "
                    + "channel-expired, channel-not-ready, trial-message-limit-reached, trial-chat-limit-reached. A TRIAL "
                    + "channel's answer says what is left today in X-Trial-Messages-Left.")
    @APIResponse(responseCode = "201", description = "Sent: the stored message; its statuses follow by WHAPI's webhooks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChannelMessageView.class)))
    @APIResponse(responseCode = "200", description = "A repeat of an Idempotency-Key: the first attempt's message, nothing sent again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChannelMessageView.class)))
    public Uni<Response> send(@PathParam("id") UUID channelId, @Valid @NotNull SendMessageRequest request,
                              @Parameter(description = "a repeat with the same key answers with the first attempt's message and sends nothing")
                              @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String idempotencyKey) {
        var upload = request.upload() == null ? null
                : new MediaUpload(request.upload().data(), request.upload().mimeType(), request.upload().fileName());
        var send = new ChannelMessaging.Send(request.to(), request.type(), request.text(), request.mediaUrl(), upload, request.caption(),
                request.replyTo(), request.clientReference());
        return messaging.send(caller, channelId, send, idempotencyKey).map(sent -> {
            Response.ResponseBuilder answer = Response.status(sent.repeated() ? 200 : 201)
                    .entity(ChannelMessageView.of(sent.message(), List.of()));
            if (sent.trialMessagesLeft() != null) {
                answer.header("X-Trial-Messages-Left", sent.trialMessagesLeft()).header("X-Trial-Chats-Left", sent.trialChatsLeft());
            }
            if (sent.warning() != null) {
                answer.header("Warning", sent.warning());
            }
            return answer.build();
        });
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "The channel's messages, newest first; of one chat with ?chat= (a number or a chat id), between ?from= and ?until=")
    public Uni<List<ChannelMessageView>> history(@PathParam("id") UUID channelId, @QueryParam("chat") @Size(max = 40) String chat,
                                                 @QueryParam("from") Instant from, @QueryParam("until") Instant until,
                                                 @Valid @BeanParam PageRequest paging) {
        return messaging.history(caller, channelId, chat, from, until, paging.page(), paging.size())
                .map(list -> list.stream().map(m -> ChannelMessageView.of(m, null)).toList());
    }

    @GET
    @Path("{messageId}")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "One message with the statuses WHAPI reported for it")
    public Uni<ChannelMessageView> get(@PathParam("id") UUID channelId, @PathParam("messageId") UUID messageId) {
        return messaging.find(caller, channelId, messageId)
                .chain(message -> messaging.timeline(message).map(timeline -> ChannelMessageView.of(message, timeline)));
    }
}
