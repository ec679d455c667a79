package app.reseller.channel.rest;

import app.reseller.channel.repository.ChannelHealthRepository;
import app.reseller.channel.repository.ChannelHealthRepository.Transition;
import app.reseller.channel.service.ChannelService;
import app.reseller.platform.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A channel's health verdict and its recent transitions (docs/channels.md, "Health"). */
@Path("/channels/{id}/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Channels")
public class ChannelHealthResource {

    /** health: HEALTHY, LINKING, STARTING, STUCK, FAILED or SILENT (UNKNOWN before WHAPI reported anything). */
    public record HealthView(String status, String health, Instant since, int automaticRestarts, Instant nextRestartAt,
                             List<Transition> transitions) {
    }

    private final ChannelService channels;
    private final ChannelHealthRepository health;
    private final Caller caller;

    public ChannelHealthResource(ChannelService channels, ChannelHealthRepository health, Caller caller) {
        this.channels = channels;
        this.health = health;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "The channel's health: WHAPI's status, the verdict, since when, automatic restarts, the last 50 transitions")
    public Uni<HealthView> get(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(channel -> health.find(id)
                .chain(now -> health.transitions(id, 50).map(transitions -> now == null
                        ? new HealthView(channel.linkStatus, "UNKNOWN", null, 0, null, transitions)
                        : new HealthView(now.status(), now.health().name(), now.since(), now.restarts(), now.nextRestartAt(), transitions))));
    }
}
