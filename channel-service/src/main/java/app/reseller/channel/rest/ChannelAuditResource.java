package app.reseller.channel.rest;

import app.reseller.channel.service.ChannelAuditor;
import app.reseller.channel.service.ChannelReconciler;
import app.reseller.platform.events.audit.AuditReport;
import app.reseller.platform.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Ops: the channel audit against WHAPI, and the reconciler of channels stuck in CREATING or DELETING, on demand. */
@Path("/admin/channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Admin: channel audit")
public class ChannelAuditResource {

    private final ChannelAuditor auditor;
    private final ChannelReconciler reconciler;

    public ChannelAuditResource(ChannelAuditor auditor, ChannelReconciler reconciler) {
        this.auditor = auditor;
        this.reconciler = reconciler;
    }

    @GET
    @Path("audit")
    @Operation(summary = "Check every live channel against WHAPI (exists, same activeTill) and every WHAPI channel of the project against ours (orphans)")
    public Uni<AuditReport> audit() {
        return auditor.audit();
    }

    @POST
    @Path("reconcile")
    @Operation(summary = "Finish or roll back channels stuck in CREATING, resume deletes stuck in DELETING")
    public Uni<ChannelReconciler.Outcome> reconcile() {
        return reconciler.runAsked();
    }
}
