package app.reseller.channel.rest;

import app.reseller.channel.rest.BulkJobResource.JobView;
import app.reseller.channel.service.BulkJobs;
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

import java.util.UUID;

/** A bulk job's progress (the job's own customer, or an operator). */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
@Tag(name = "Channels")
public class JobResource {

    private final BulkJobs jobs;
    private final Caller caller;

    public JobResource(BulkJobs jobs, Caller caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A bulk job's progress: how many channels are pending, done and failed, and each one's result")
    public Uni<JobView> job(@PathParam("id") UUID id) {
        return jobs.find(caller, id).map(JobView::of);
    }
}
