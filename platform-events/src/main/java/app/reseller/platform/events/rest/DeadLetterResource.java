package app.reseller.platform.events.rest;

import app.reseller.platform.events.DeadLetterRedrive;

import app.reseller.platform.web.Caller;
import app.reseller.platform.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Ops, on each service directly (not part of the public API): redrive one of this service's
 * dead-letter topics into the topic its records came from. docs/concurrency.md says when.
 */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Ops: dead letters")
public class DeadLetterResource {

    private final DeadLetterRedrive redrive;

    public DeadLetterResource(DeadLetterRedrive redrive) {
        this.redrive = redrive;
    }

    @POST
    @Path("redrive")
    // hidden: an ops call on the service itself, not part of the public API the gateway describes
    @Operation(hidden = true, summary = "Put every record of a dead-letter topic not redriven before back on its original topic")
    public Uni<DeadLetterRedrive.Redriven> redrive(@QueryParam("topic") String deadLetterTopic) {
        if (deadLetterTopic == null || !deadLetterTopic.endsWith("-dlq")) {
            throw ProblemException.badRequestOn("topic", "invalid-topic", "Not a dead-letter topic",
                    "name a dead-letter topic, e.g. ?topic=channel.events.billing-dlq");
        }
        return redrive.redrive(deadLetterTopic);
    }
}
