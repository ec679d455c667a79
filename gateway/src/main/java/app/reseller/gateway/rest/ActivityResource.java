package app.reseller.gateway.rest;

import app.reseller.gateway.client.Services.TrailQuery;
import app.reseller.gateway.routing.Downstream;
import app.reseller.gateway.service.ActivityTrail;
import app.reseller.gateway.service.ActivityTrail.TrailEntry;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.Csv;
import app.reseller.platform.web.CsvDownload;
import app.reseller.platform.web.CursorPage;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The platform's activity trail: who changed what, when and why, merged from the three services.
 * People only (an API key reads no trail): a customer sees its own entries, an admin all.
 */
@Path("/api/v1/activity")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
@Tag(name = "Activity", description = "Who changed what, when and why")
public class ActivityResource {

    static final List<String> CSV_COLUMNS = List.of("service", "id", "at", "actor", "api_key_id", "customer_id", "action", "target",
            "reason", "before", "after", "correlation_id");
    private static final int EXPORT_PAGE = 500;

    private final ActivityTrail trail;
    private final Caller caller;

    public ActivityResource(ActivityTrail trail, Caller caller) {
        this.trail = trail;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listActivity", summary = "Who changed what, newest first, across the platform",
            description = "Every write by a person or an API key: days, plans, subscriptions, channels, messages, settings, webhook"
                    + " endpoints and API keys. A customer sees its own entries (customerId is ignored), an admin all or one customer's."
                    + " The entries' fields: docs/operators.md \"Activity trail\".")
    public Uni<CursorPage<TrailEntry>> page(@HeaderParam("Authorization") String authorization,
                                            @QueryParam("customerId") @Size(min = 1, max = 100) String customerId,
                                            @QueryParam("action") @Size(min = 1, max = 80) String action,
                                            @QueryParam("actor") @Size(min = 1, max = 200) String actor,
                                            @Parameter(description = "billing, channel or messaging: one service's entries only")
                                            @QueryParam("service") @Pattern(regexp = "billing|channel|messaging") String service,
                                            @QueryParam("from") Instant from, @QueryParam("to") Instant to,
                                            @QueryParam("cursor") @Size(max = 200) String cursor,
                                            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return trail.page(authorization, query(customerId, action, actor, from, to), only(service), cursor, limit);
    }

    @GET
    @Path("export.csv")
    @Produces(Csv.MEDIA_TYPE)
    @Operation(operationId = "exportActivity", summary = "The same entries as CSV (RFC 4180, UTF-8, a header row), newest first, streamed whole")
    @APIResponse(responseCode = "200", description = "Columns: service, id, at, actor, api_key_id, customer_id, action, target, reason,"
            + " before, after, correlation_id (before and after as JSON)",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public RestMulti<String> csv(@HeaderParam("Authorization") String authorization,
                                 @QueryParam("customerId") @Size(min = 1, max = 100) String customerId,
                                 @QueryParam("action") @Size(min = 1, max = 80) String action,
                                 @QueryParam("actor") @Size(min = 1, max = 200) String actor,
                                 @QueryParam("service") @Pattern(regexp = "billing|channel|messaging") String service,
                                 @QueryParam("from") Instant from, @QueryParam("to") Instant to) {
        return CsvDownload.of("activity.csv", CSV_COLUMNS,
                trail.all(authorization, query(customerId, action, actor, from, to), only(service), EXPORT_PAGE),
                e -> Arrays.asList(e.service(), e.id(), e.at(), e.actor(), e.apiKeyId(), e.customerId(), e.action(), e.target(),
                        e.reason(), e.before(), e.after(), e.correlationId()));
    }

    /** The filters as each service takes them; a customer's own entries whatever customerId it names. */
    private TrailQuery query(String customerId, String action, String actor, Instant from, Instant to) {
        return new TrailQuery(caller.whoseRecords(customerId), action, actor, from == null ? null : from.toString(),
                to == null ? null : to.toString());
    }

    private static Downstream only(String service) {
        return service == null ? null : Downstream.valueOf(service.toUpperCase(Locale.ROOT));
    }
}
