package app.reseller.messaging.rest;

import app.reseller.platform.web.IdempotencyKey;
import jakarta.ws.rs.BeanParam;
import app.reseller.messaging.OutboundMessage;
import app.reseller.messaging.rest.Requests.NotificationRequest;
import app.reseller.messaging.rest.Requests.NumberCheckRequest;
import app.reseller.messaging.rest.Requests.TextRequest;
import app.reseller.messaging.rest.Views.MessageView;
import app.reseller.messaging.rest.Views.Page;
import app.reseller.messaging.rest.Views.TimelineEntry;
import app.reseller.messaging.service.MessageService;
import app.reseller.messaging.service.MessageService.Media;
import app.reseller.messaging.service.MessageService.Notification;
import app.reseller.messaging.service.MessageService.NumberCheck;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.PageRequest;
import app.reseller.platform.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.UUID;

@Path("/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Messages")
public class MessageResource {

    private final MessageService messages;
    private final Caller caller;
    private final io.vertx.mutiny.core.Vertx vertx;

    public MessageResource(MessageService messages, Caller caller, io.vertx.mutiny.core.Vertx vertx) {
        this.messages = messages;
        this.caller = caller;
        this.vertx = vertx;
    }

    @POST
    @Path("notifications")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Send an approved template (HSM), optionally with SMS fallback",
            description = "Stored first; an Idempotency-Key header makes a resend return the stored message instead of sending again.")
    @APIResponse(responseCode = "201", description = "The message, ACCEPTED, with its timeline (a repeat with the same Idempotency-Key answers the first one)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageView.class)))
    public Uni<Response> notification(@Valid @NotNull NotificationRequest request,
                                      @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String idempotencyKey,
                                      @QueryParam("customerId") String customerId) {
        var sms = request.smsFallback();
        return created(messages.sendNotification(sender(customerId), new Notification(request.recipient(), request.template(),
                request.params(), sms == null ? null : sms.template(), sms == null ? null : sms.params()), idempotencyKey));
    }

    @POST
    @Path("text")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Send a session text message (only within an open conversation, production projects only)")
    @APIResponse(responseCode = "201", description = "The message, ACCEPTED, with its timeline (a repeat with the same Idempotency-Key answers the first one)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageView.class)))
    public Uni<Response> text(@Valid @NotNull TextRequest request, @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String idempotencyKey,
                              @QueryParam("customerId") String customerId) {
        return created(messages.sendText(sender(customerId), request.recipient(), request.text(), idempotencyKey));
    }

    @POST
    @Path("media")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Send an image, document or audio file (multipart: recipient, mediaType, file, caption)",
            description = "image: jpg, jpeg, png; document: pdf, doc(x), ppt(x), xls(x); audio: aac, m4a, mp3, ogg, opus. "
                    + "A caption only for images and documents.")
    @APIResponse(responseCode = "201", description = "The message, ACCEPTED, with its timeline (a repeat with the same Idempotency-Key answers the first one)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageView.class)))
    public Uni<Response> media(@RestForm String recipient, @RestForm String mediaType, @RestForm String caption,
                               @RestForm("file") FileUpload file, @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String idempotencyKey,
                               @QueryParam("customerId") String customerId) {
        if (file == null || recipient == null || mediaType == null) {
            throw ProblemException.badRequestOn("file", "media-incomplete", "recipient, mediaType and file are required",
                    "send a multipart form with the fields recipient, mediaType and file (and caption)");
        }
        String who = sender(customerId);
        return vertx.fileSystem().readFile(file.uploadedFile().toString())
                .chain(content -> created(messages.sendMedia(who, new Media(recipient, mediaType, file.fileName(),
                        file.contentType(), content.getBytes(), caption == null || caption.isBlank() ? null : caption), idempotencyKey)));
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "A customer's messages, newest first, a page at a time (admin: ?customerId=)")
    public Uni<Page<MessageView>> list(@QueryParam("customerId") String customerId,
                                       @Valid @BeanParam PageRequest paging) {
        String whose = caller.whoseRecords(customerId);
        if (whose == null) {
            throw ProblemException.badRequestOn("customerId", "customer-required", "customerId is required",
                    "an admin lists one customer's messages at a time: ?customerId=");
        }
        return messages.page(whose, paging.page(), paging.size()).chain(list -> messages.count(whose)
                .map(total -> new Page<>(list.stream().map(m -> MessageView.of(m, null)).toList(), paging.page(), paging.size(), total)));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "One message with its status timeline (sent, delivered, read, in that order)")
    public Uni<MessageView> get(@PathParam("id") UUID id) {
        return visible(id).chain(this::withTimeline);
    }

    @POST
    @Path("{id}/inquiry")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Ask Wappin for the message's status history and merge it into the timeline")
    public Uni<MessageView> inquiry(@PathParam("id") UUID id) {
        return visible(id).chain(messages::inquire).chain(this::withTimeline);
    }

    @POST
    @Path("/number-check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Whether a phone number is on WhatsApp")
    public Uni<NumberCheck> numberCheck(@Valid @NotNull NumberCheckRequest request) {
        return messages.checkNumber(caller.whoseRecords(null), request.phone());
    }

    private Uni<MessageView> withTimeline(OutboundMessage message) {
        return messages.timelineOf(message.id).map(rows -> MessageView.of(message, rows.stream().map(TimelineEntry::of).toList()));
    }

    private Uni<OutboundMessage> visible(UUID id) {
        return messages.find(id).invoke(m -> caller.mayAccess(m.customerId, "message", id));
    }

    /** Customers send as themselves; an admin sends for ?customerId= or for the platform itself. */
    private String sender(String customerId) {
        String whose = caller.whoseRecords(customerId);
        return whose == null || whose.isBlank() ? "platform" : whose;
    }

    private Uni<Response> created(Uni<OutboundMessage> sent) {
        return sent.chain(this::withTimeline).map(view -> Response.status(201).entity(view).build());
    }

}
