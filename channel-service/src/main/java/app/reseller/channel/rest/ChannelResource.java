package app.reseller.channel.rest;

import app.reseller.platform.web.IdempotencyKey;
import jakarta.ws.rs.BeanParam;
import app.reseller.channel.rest.Requests.CreateChannelRequest;
import app.reseller.channel.rest.Requests.PairingCodeRequest;
import app.reseller.channel.rest.Views.ChannelView;
import app.reseller.channel.rest.Views.ExtensionView;
import app.reseller.channel.rest.Views.PairingCodeView;
import app.reseller.channel.service.ChannelControl;
import app.reseller.channel.service.ChannelCreation;
import app.reseller.channel.service.ChannelDeletion;
import app.reseller.channel.service.ChannelPausing;
import app.reseller.channel.service.ChannelService;
import app.reseller.channel.service.CreationBudget;
import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.QueuePlace;
import app.reseller.channel.service.ExtensionClaims;
import app.reseller.channel.service.LinkService;
import app.reseller.channel.service.LinkService.Qr;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.PageRequest;
import app.reseller.platform.web.Problem;
import app.reseller.platform.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Channels")
public class ChannelResource {

    private final ChannelService channels;
    private final ChannelCreation creation;
    private final ChannelDeletion deletion;
    private final LinkService link;
    private final ExtensionClaims extensions;
    private final Caller caller;
    private final ChannelControl control;
    private final CreationBudget budget;
    private final ChannelPausing pausing;

    public ChannelResource(ChannelService channels, ChannelCreation creation, ChannelDeletion deletion, LinkService link,
                           ExtensionClaims extensions, Caller caller, ChannelControl control, CreationBudget budget,
                           ChannelPausing pausing) {
        this.pausing = pausing;
        this.budget = budget;
        this.creation = creation;
        this.deletion = deletion;
        this.control = control;
        this.channels = channels;
        this.link = link;
        this.extensions = extensions;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Caller.CUSTOMER)
    @Operation(summary = "Create a channel (needs an active plan with a free channel slot)",
            description = "WHAPI creates at most 20 channels per 30 minutes for the whole platform: beyond that the channel is "
                    + "QUEUED (202) with its place and an estimated time, holds its slot, is created in turn (round-robin between "
                    + "customers; the channel.created webhook says when) and can be cancelled with DELETE. "
                    + "Refusals (409): 'No active plan', 'Channel limit reached', 'Insufficient balance'.")
    @APIResponse(responseCode = "201", description = "The channel, in TRIAL until its first paid extension",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChannelView.class)))
    @APIResponse(responseCode = "202", description = "WHAPI's creation window is full: the channel waits QUEUED; see its queue place",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChannelView.class)))
    @APIResponse(responseCode = "409", description = "No active plan, the plan's channel limit is reached, or too few days")
    public Uni<Response> create(@Valid @NotNull CreateChannelRequest request,
                                @Parameter(description = "a repeat with the same key answers with the channel the first attempt created")
                                @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String idempotencyKey) {
        if (caller.channelLimit() != null) {
            throw new ProblemException(403, "forbidden", "Forbidden", "an API key limited to some channels cannot create channels");
        }
        return creation.create(caller.customerId(), request.name().strip(), request.phoneDigits(), idempotencyKey)
                .chain(channel -> channel.state == ChannelState.QUEUED
                        ? budget.places().map(places -> Response.accepted(ChannelView.of(channel, places.get(channel.id))).build())
                        : Uni.createFrom().item(Response.status(201).entity(ChannelView.of(channel)).build()));
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "A customer's channels, newest first (customers: their own; admin: ?customerId=)")
    public Uni<List<ChannelView>> list(@QueryParam("customerId") String customerId,
                                       @Valid @BeanParam PageRequest paging) {
        String whose = caller.whoseRecords(customerId);
        if (whose == null) {
            throw ProblemException.badRequestOn("customerId", "customer-required", "customerId is required",
                    "an admin lists one customer's channels at a time: ?customerId=");
        }
        java.util.Set<String> limit = caller.channelLimit(); // an API key limited to some channels lists only those
        return channels.listOf(whose, paging.page(), paging.size()).chain(list -> withQueuePlaces(list.stream()
                .filter(channel -> limit == null || limit.contains(channel.id.toString())).toList()));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    public Uni<ChannelView> get(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(channel -> withQueuePlaces(List.of(channel))).map(views -> views.get(0));
    }

    /** The views, with their place in the creation queue for the QUEUED ones (read only when there is one). */
    private Uni<List<ChannelView>> withQueuePlaces(List<Channel> list) {
        Uni<Map<UUID, QueuePlace>> places = list.stream().anyMatch(channel -> channel.state == ChannelState.QUEUED)
                ? budget.places() : Uni.createFrom().item(Map.of());
        return places.map(known -> list.stream().map(channel -> ChannelView.of(channel, known.get(channel.id))).toList());
    }

    @POST
    @Path("{id}/sync")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Read the channel from WHAPI (activeTill, mode) and re-apply missing webhook settings")
    public Uni<ChannelView> sync(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(channel -> channels.sync(channel.id)).map(ChannelView::of);
    }

    @POST
    @Path("{id}/restart")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Restart the channel at WHAPI (e.g. one stuck while launching); its status follows by webhook")
    @APIResponse(responseCode = "202", description = "WHAPI accepted the restart")
    public Uni<Response> restart(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(control::restart).map(done -> Response.accepted().build());
    }

    @POST
    @Path("{id}/pause")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Pause the channel: WHAPI stops it with its days saved, and the days paid and not used go back to the "
            + "customer's balance",
            description = "The channel keeps its slot and its number, sends nothing (409 channel-paused) and can be resumed or "
                    + "deleted. Trial days are never given back. A paused channel answers as it is; 503 with Retry-After while an "
                    + "extension of it is still being settled with WHAPI.")
    public Uni<ChannelView> pause(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(channel -> pausing.pause(channel.id)).map(ChannelView::of);
    }

    @POST
    @Path("{id}/resume")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Resume a paused channel: WHAPI starts it again; it needs days from the balance (an extension) to stay on",
            description = "An AUTOMATIC customer's channel is extended at once from its balance; a MANUAL customer's admin gives it "
                    + "days. An active channel answers as it is.")
    public Uni<ChannelView> resume(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(channel -> pausing.resume(channel.id)).map(ChannelView::of);
    }

    @POST
    @Path("{id}/logout")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Log the linked phone out of the channel; it shows a QR code again (by webhook)")
    @APIResponse(responseCode = "202", description = "WHAPI accepted the logout")
    public Uni<Response> logout(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(control::logout).map(done -> Response.accepted().build());
    }

    @DELETE
    @Path("{id}")
    // a 204 has no body: a client that accepts only the problem document (all it can get back) is served too
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Delete the channel; its unused days go back to the customer's balance (a QUEUED channel is simply cancelled)")
    @APIResponse(responseCode = "204", description = "Deleted at WHAPI; the refund follows as an event")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(channel -> deletion.delete(channel.id)).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("{id}/qr")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "The QR code to link WhatsApp: base64 PNG, a data URI for an img src, and its lifetime",
            description = "409 'already-linked' when a phone is linked already.")
    public Uni<Qr> qr(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(link::qr);
    }

    @GET
    @Path("{id}/qr.png")
    @Produces("image/png")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "The QR code as image/png")
    @APIResponse(responseCode = "200", description = "The QR code; not cached (it changes)",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> qrImage(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(link::qrImage)
                .map(png -> Response.ok(png, "image/png").header("Cache-Control", "no-store").build());
    }

    @POST
    @Path("{id}/pairing-code")
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "A pairing code to type on the phone instead of scanning the QR")
    public Uni<PairingCodeView> pairingCode(@PathParam("id") UUID id, @Valid @NotNull PairingCodeRequest request) {
        return channels.find(caller, id).chain(channel -> link.pairingCode(channel, request.phone())).map(PairingCodeView::new);
    }

    @GET
    @Path("{id}/extensions")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "The channel's extension requests and where each stands (ops)")
    public Uni<List<ExtensionView>> extensions(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(channel -> extensions.requestsOf(channel.id))
                .map(list -> list.stream().map(ExtensionView::of).toList());
    }

}
