package app.reseller.channel.rest;

import app.reseller.channel.service.ChannelHealthSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.time.Duration;

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
                             @Schema(description = "A send waiting this long for its first status makes the channel SILENT")
                             long silentAfterMinutes,
                             List<Transition> transitions) {
    }

    public record HealthSettingsRequest(
            @Schema(description = "How long (minutes) a send may wait for its first status before the channel is SILENT; "
                    + "null or left out: the platform's setting")
            @Min(1) @Max(10080) Integer silentAfterMinutes) {
    }

    public record HealthSettingsView(@Schema(description = "The channel's own threshold; null: the platform's") Long silentAfterMinutes,
                                     long platformSilentAfterMinutes, long effectiveSilentAfterMinutes) {
        static HealthSettingsView of(ChannelHealthSettings.Settings settings) {
            return new HealthSettingsView(settings.silentAfter() == null ? null : settings.silentAfter().toMinutes(),
                    settings.platformDefault().toMinutes(), settings.effective().toMinutes());
        }
    }

    private final ChannelService channels;
    private final ChannelHealthRepository health;
    private final Caller caller;

    private final ChannelHealthSettings settings;

    public ChannelHealthResource(ChannelService channels, ChannelHealthRepository health, Caller caller, ChannelHealthSettings settings) {
        this.channels = channels;
        this.health = health;
        this.caller = caller;
        this.settings = settings;
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "The channel's health: WHAPI's status, the verdict, since when, automatic restarts, the last 50 transitions")
    public Uni<HealthView> get(@PathParam("id") UUID id) {
        return channels.find(caller, id).chain(channel -> health.find(id)
                .chain(now -> health.transitions(id, 50).map(transitions -> now == null
                        ? new HealthView(channel.linkStatus, "UNKNOWN", null, 0, null, silentAfterMinutes(channel), transitions)
                        : new HealthView(now.status(), now.health().name(), now.since(), now.restarts(), now.nextRestartAt(),
                        silentAfterMinutes(channel), transitions))));
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Set the channel's own silence threshold (null: the platform's)",
            description = "A channel whose sends wait this long for their first status (and nothing else flowed) is SILENT and "
                    + "restarted; idleness never counts. Counts from the monitor's next pass.")
    public Uni<HealthSettingsView> settings(@PathParam("id") UUID id, @Valid @NotNull HealthSettingsRequest request) {
        Duration silentAfter = request.silentAfterMinutes() == null ? null : Duration.ofMinutes(request.silentAfterMinutes());
        return channels.find(caller, id).chain(channel -> settings.set(channel, silentAfter)).map(HealthSettingsView::of);
    }

    private long silentAfterMinutes(app.reseller.channel.Channel channel) {
        return settings.of(channel).effective().toMinutes();
    }
}
