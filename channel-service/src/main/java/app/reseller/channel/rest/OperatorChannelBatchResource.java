package app.reseller.channel.rest;

import app.reseller.channel.BulkCreation;
import app.reseller.channel.QueuePlace;
import app.reseller.channel.rest.Views.ChannelView;
import app.reseller.channel.service.ChannelCreation;
import app.reseller.channel.service.CreationBudget;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.IdempotencyKey;
import app.reseller.platform.web.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** The operator onboards a customer's fleet at once: N channels through the creation queue. */
@Path("/admin/channels/bulk-create")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Channels (operator)")
public class OperatorChannelBatchResource {

    private final ChannelCreation creation;
    private final CreationBudget budget;

    public OperatorChannelBatchResource(ChannelCreation creation, CreationBudget budget) {
        this.creation = creation;
        this.budget = budget;
    }

    public record BulkCreateRequest(@NotBlank @Size(max = 64) String customerId,
                                    @NotNull @Size(min = 1, max = 200) List<@NotBlank @Size(max = 80) String> names) {
    }

    public record RefusedName(String name, String type, String title, String detail) {
    }

    public record BulkCreationView(String customerId, List<ChannelView> accepted, List<RefusedName> refused) {
    }

    @POST
    @Operation(summary = "Create up to 200 channels for a customer: each joins the creation queue (WHAPI's 20 per 30 minutes), "
            + "in turn with other customers' requests",
            description = "Answers at once with every channel accepted (QUEUED, with its place and estimated time; the "
                    + "channel.created webhook tells when each is created) and every name refused with why (the plan's channel "
                    + "limit counts queued requests). A repeat with the same Idempotency-Key answers with the same channels.")
    @APIResponse(responseCode = "202", description = "Accepted into the queue (and the names refused)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BulkCreationView.class)))
    public Uni<Response> create(@Valid @NotNull BulkCreateRequest request,
                                @Parameter(description = "a repeated batch with the same key creates nothing new")
                                @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String idempotencyKey) {
        List<String> names = request.names().stream().map(String::strip).toList();
        return creation.enqueueAll(request.customerId().strip(), names, idempotencyKey)
                .chain(batch -> budget.places().map(places -> Response.accepted(view(batch, places)).build()));
    }

    private static BulkCreationView view(BulkCreation batch, Map<java.util.UUID, QueuePlace> places) {
        return new BulkCreationView(batch.customerId(),
                batch.accepted().stream().map(channel -> ChannelView.of(channel, places.get(channel.id))).toList(),
                batch.refused().stream().map(r -> new RefusedName(r.name(), Problem.type(r.refusal().type()), r.refusal().title(),
                        r.refusal().getMessage())).toList());
    }
}
