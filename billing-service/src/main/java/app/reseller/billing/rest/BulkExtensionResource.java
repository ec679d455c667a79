package app.reseller.billing.rest;

import app.reseller.billing.BulkExtension;
import app.reseller.billing.BulkExtension.ItemState;
import app.reseller.billing.service.BulkExtensions;
import app.reseller.billing.service.BulkExtensions.Target;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.IdempotencyKey;
import app.reseller.platform.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Extending many channels at once (docs/billing.md, "Extending many channels at once"). */
@Path("/ledger/extensions/bulk")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Ledger")
public class BulkExtensionResource {

    private final BulkExtensions extensions;
    private final Caller caller;

    public BulkExtensionResource(BulkExtensions extensions, Caller caller) {
        this.extensions = extensions;
        this.caller = caller;
    }

    /** Which channels: every part optional, combined. */
    public record BulkExtensionFilter(@Schema(description = "one customer's channels (all customers' when absent)")
                                      @Size(max = 100) String customerId,
                                      @Schema(description = "channels whose paid time ends before this (one whose end is not known yet never matches)")
                                      Instant expiresBefore) {
    }

    @Schema(example = """
            {"filter": {"customerId": "cust-42"}, "days": 30, "comment": "December for cust-42"}""")
    public record BulkExtensionRequest(@Schema(description = "The channels, by id (or a filter instead)")
                                       @Size(min = 1, max = 1000) List<@NotBlank @Size(max = 100) String> channelIds,
                                       @Schema(description = "Which channels, as they are when the job is accepted (or channelIds instead)")
                                       @Valid BulkExtensionFilter filter,
                                       @NotNull @Min(1) @Max(36600) Long days,
                                       @NotBlank @Size(max = 200) String comment,
                                       @Schema(description = "Only show which channels would be extended and the days each customer needs; "
                                               + "nothing is reserved or stored")
                                       Boolean dryRun) {
        Target target() {
            return filter == null ? new Target(channelIds, null, null)
                    : new Target(null, filter.customerId() == null || filter.customerId().isBlank() ? null : filter.customerId().strip(),
                    filter.expiresBefore());
        }
    }

    public record ItemView(String channelId, String customerId,
                           @Schema(description = "PENDING (days reserved, WHAPI not done yet), DONE (extended), FAILED (the days "
                                   + "went back), SKIPPED (left out when accepted)") String state,
                           @Schema(description = "the channel's extension request (GET /channels/{id}/extensions)") UUID requestId,
                           @Schema(description = "SKIPPED: why (channel-paused, extension-in-progress); FAILED: WHAPI's reason")
                           String detail) {
    }

    public record BulkExtensionView(UUID id, int days, String comment, String customerId, String requestedBy, Instant createdAt,
                                    int total, long pending, long done, long failed, long skipped,
                                    @Schema(description = "nothing pending any more") boolean finished, List<ItemView> items) {
        static BulkExtensionView of(BulkExtension job) {
            return new BulkExtensionView(job.id(), job.days(), job.comment(), job.customerId(), job.requestedBy(), job.createdAt(),
                    job.items().size(), job.count(ItemState.PENDING), job.count(ItemState.DONE), job.count(ItemState.FAILED),
                    job.count(ItemState.SKIPPED), job.finished(), job.items().stream().map(item -> new ItemView(item.channelId(),
                    item.customerId(), item.state().name(), item.requestId(), item.detail())).toList());
        }
    }

    public record PlannedChannelView(String channelId, String customerId,
                                     @Schema(description = "why it would be left out; absent: it would be extended") String leftOutBecause) {
    }

    public record NeedView(String customerId, long balanceDays, long neededDays, long missingDays) {
    }

    public record BulkExtensionPlanView(int count, long extended, List<PlannedChannelView> channels, List<NeedView> customers) {
        static BulkExtensionPlanView of(BulkExtensions.Plan plan) {
            List<PlannedChannelView> channels = plan.channels().stream()
                    .map(c -> new PlannedChannelView(c.channelId(), c.customerId(), c.leftOutBecause())).toList();
            return new BulkExtensionPlanView(channels.size(), channels.stream().filter(c -> c.leftOutBecause() == null).count(), channels,
                    plan.needs().stream().map(n -> new NeedView(n.customerId(), n.balanceDays(), n.neededDays(), n.missingDays())).toList());
        }
    }

    @POST
    @Operation(operationId = "startBulkExtension", summary = "Extend many channels at once, as a job with progress",
            description = "Name the channels (channelIds) or a filter, not both. Every channel gets its days reserved now, in one "
                    + "transaction: all of them or, when a customer lacks days, none (409 insufficient-balance, naming the customer's "
                    + "balance and the days needed). A paused channel or one with an extension still open is left out (SKIPPED, with "
                    + "why). channel-service then extends each channel once at WHAPI, waiting out WHAPI's per-channel extend block; "
                    + "GET /ledger/extensions/bulk/{id} shows each one's progress. dryRun answers 200 with what it would do. A repeat "
                    + "with the same Idempotency-Key answers with the same job.")
    @APIResponse(responseCode = "202", description = "The job, accepted: the days are reserved",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BulkExtensionView.class)))
    @APIResponse(responseCode = "200", description = "dryRun: the channels it would extend and each customer's days",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BulkExtensionPlanView.class)))
    @APIResponse(responseCode = "409", description = "A customer has fewer days than its channels need, or a listed channel is not "
            + "known to billing yet (channel-not-yet-known, with Retry-After)")
    @APIResponse(responseCode = "422", description = "More channels than one job may extend")
    public Uni<Response> start(@Valid @NotNull BulkExtensionRequest request,
                               @Parameter(description = "a repeat with the same key answers with the job the first created")
                               @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String key) {
        if ((request.channelIds() == null) == (request.filter() == null)) {
            // both fields are the one choice: each is named, so a client marks whichever it shows
            String detail = "name the channels (channelIds) or a filter, not both";
            throw ProblemException.badRequest("channels-or-filter", "Channels or a filter", detail).with("violations",
                    List.of(Map.of("field", "channelIds", "message", detail), Map.of("field", "filter", "message", detail)));
        }
        int days = request.days().intValue();
        if (Boolean.TRUE.equals(request.dryRun())) {
            return extensions.plan(request.target(), days).map(plan -> Response.ok(BulkExtensionPlanView.of(plan)).build());
        }
        return extensions.start(request.target(), days, request.comment().strip(), request, key, caller.name(), BulkExtensionView::of)
                .map(LedgerResource::respond);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getBulkExtension", summary = "A bulk extension and each channel's progress")
    public Uni<BulkExtensionView> find(@PathParam("id") UUID id) {
        return extensions.find(id).map(BulkExtensionView::of);
    }
}
