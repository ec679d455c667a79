package app.reseller.channel.rest;

import app.reseller.channel.rest.Requests.WhapiSettingsRequest;
import app.reseller.channel.service.WhapiSettingsService;
import app.reseller.channel.service.WhapiSettingsService.SettingsView;
import app.reseller.channel.service.WhapiSettingsService.TestResult;
import app.reseller.platform.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The WHAPI partner settings: write-only token (reads are masked), used by the next call after a change. */
@Path("/admin/whapi/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Admin: WHAPI settings")
public class WhapiSettingsResource {

    private final WhapiSettingsService settings;
    private final Caller caller;

    public WhapiSettingsResource(WhapiSettingsService settings, Caller caller) {
        this.settings = settings;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The settings, with the partner token masked (e.g. 'Bearer eyJ…7cQ') and who set them when")
    public Uni<SettingsView> getSettings() {
        return settings.view();
    }

    @PUT
    @Operation(summary = "Set the partner token (with or without 'Bearer ') and/or the project id; takes effect on the next call")
    public Uni<SettingsView> updateSettings(@Valid @NotNull WhapiSettingsRequest request) {
        return settings.update(request.partnerToken(), request.projectId(), caller.name());
    }

    @POST
    @Path("test")
    @Operation(summary = "Call WHAPI with the stored settings and report whether it accepted them")
    public Uni<TestResult> testConnection() {
        return settings.testConnectionFor();
    }
}
