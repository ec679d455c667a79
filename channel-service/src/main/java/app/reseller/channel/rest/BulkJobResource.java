package app.reseller.channel.rest;

import app.reseller.channel.BulkAction;
import app.reseller.channel.BulkJob;
import app.reseller.channel.ChannelFilter;
import app.reseller.channel.ChannelHealth;
import app.reseller.channel.ChannelMode;
import app.reseller.channel.ChannelState;
import app.reseller.channel.service.BulkJobs;
import app.reseller.channel.service.BulkJobs.Target;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.IdempotencyKey;
import app.reseller.platform.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Bulk actions over many channels, run as jobs with progress (docs/channels.md, "Bulk actions"). */
@Path("/channels/bulk")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
@Tag(name = "Channels")
public class BulkJobResource {

    private final BulkJobs jobs;
    private final Caller caller;

    public BulkJobResource(BulkJobs jobs, Caller caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    /** Which channels: every part optional, combined (a customer's filter only ever matches its own channels). */
    public record BulkFilter(Set<ChannelState> states, ChannelHealth health, ChannelMode mode,
                             @Size(max = 64) String customerId, @Size(max = 80) String nameContains,
                             @Schema(description = "paid time ends before this (a channel without an end never matches)")
                             Instant expiresBefore) {
        ChannelFilter toFilter() {
            return new ChannelFilter(states, mode, null, health, customerId == null || customerId.isBlank() ? null : customerId.strip(),
                    null, nameContains == null || nameContains.isBlank() ? null : nameContains.strip(), null, expiresBefore, null, null);
        }
    }

    public record BulkRequest(@NotNull BulkAction action,
                              @Schema(description = "The channels, by id (or a filter instead)")
                              @Size(min = 1, max = 1000) List<@NotNull UUID> channelIds,
                              @Schema(description = "Which channels, as they are when the job is accepted (or channelIds instead)")
                              @Valid BulkFilter filter,
                              @Schema(description = "Only show which channels the job would touch; nothing is done or stored")
                              Boolean dryRun) {
    }

    public record TargetView(UUID channelId, String customerId, String name, String state) {
        static TargetView of(Target target) {
            return new TargetView(target.channelId(), target.customerId(), target.name(), target.state().name());
        }
    }

    public record DryRunView(String action, int count, List<TargetView> channels) {
    }

    public record JobItemView(UUID channelId, String name, String state, int attempts,
                              @Schema(description = "DONE: the channel's state after (PAUSED, ACTIVE, DELETED, RESTARTED); "
                                      + "FAILED: the refusal's problem type") String outcome,
                              String detail, Instant finishedAt) {
    }

    public record JobView(UUID id, String action, String customerId, String requestedBy, Instant createdAt, Instant finishedAt,
                          int total, long pending, long done, long failed, List<JobItemView> items) {
        static JobView of(BulkJob job) {
            long open = job.count(BulkJob.ItemState.PENDING) + job.count(BulkJob.ItemState.RUNNING);
            return new JobView(job.id(), job.action().name(), job.customerId(), job.requestedBy(), job.createdAt(), job.finishedAt(),
                    job.items().size(), open, job.count(BulkJob.ItemState.DONE), job.count(BulkJob.ItemState.FAILED),
                    job.items().stream().map(item -> new JobItemView(item.channelId(), item.name(), item.state().name(), item.attempts(),
                            item.outcome(), item.detail(), item.finishedAt())).toList());
        }
    }

    @POST
    @Operation(summary = "Restart, pause, resume or delete many channels at once, as a job with progress",
            description = "Name the channels (channelIds) or a filter, not both. The channels are fixed when the job is accepted "
                    + "(202 with the job; GET /jobs/{id} shows its progress, one result per channel); each is done as its own "
                    + "endpoint does it, once, also after a restart of the service. dryRun answers 200 with the channels it would "
                    + "touch and does nothing. A repeat with the same Idempotency-Key answers with the same job.")
    @APIResponse(responseCode = "202", description = "The job, accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "200", description = "dryRun: the channels the job would touch",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DryRunView.class)))
    @APIResponse(responseCode = "422", description = "The filter matches more channels than one job may touch")
    public Uni<Response> start(@Valid @NotNull BulkRequest request,
                               @Parameter(description = "a repeat with the same key answers with the job the first created")
                               @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String idempotencyKey) {
        if ((request.channelIds() == null) == (request.filter() == null)) {
            // both fields are the one choice: each is named, so a client marks whichever it shows
            String detail = "name the channels (channelIds) or a filter, not both";
            throw ProblemException.badRequest("channels-or-filter", "Channels or a filter", detail).with("violations",
                    List.of(Map.of("field", "channelIds", "message", detail), Map.of("field", "filter", "message", detail)));
        }
        ChannelFilter filter = request.filter() == null ? null : request.filter().toFilter();
        if (Boolean.TRUE.equals(request.dryRun())) {
            return jobs.targets(caller, request.channelIds(), filter).map(targets -> Response.ok(new DryRunView(request.action().name(),
                    targets.size(), targets.stream().map(TargetView::of).toList())).build());
        }
        return jobs.start(caller, request.action(), request.channelIds(), filter, idempotencyKey)
                .map(job -> Response.accepted(JobView.of(job)).build());
    }
}
