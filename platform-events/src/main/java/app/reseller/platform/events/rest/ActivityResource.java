package app.reseller.platform.events.rest;

import app.reseller.platform.events.activity.ActivityEntry;
import app.reseller.platform.events.activity.ActivityRepository;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.Csv;
import app.reseller.platform.web.CsvDownload;
import app.reseller.platform.web.CursorPage;
import app.reseller.platform.web.OpaqueCursor;
import app.reseller.platform.web.Pages;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The activity trail of this service: newest first, paged by cursor, and as CSV. A customer sees its
 * own entries, an admin all. The public trail is the gateway's, which merges the three services'
 * (it pages each service by {@code beforeId}, the id its last page ended on).
 */
@Path("/activity")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
@Tag(name = "Activity", description = "Who changed what, when and why")
public class ActivityResource {

    static final List<String> CSV_COLUMNS = List.of("id", "at", "actor", "api_key_id", "customer_id", "action", "target", "reason",
            "before", "after", "correlation_id");
    private static final String CURSOR_VERSION = "a1";
    private static final int EXPORT_PAGE = 1_000;

    private final ActivityRepository activity;
    private final Caller caller;

    public ActivityResource(ActivityRepository activity, Caller caller) {
        this.activity = activity;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Who changed what, newest first (a customer: its own entries; an admin: all, or ?customerId=)")
    public Uni<CursorPage<ActivityEntry>> page(@QueryParam("customerId") @Size(min = 1, max = 100) String customerId,
                                               @QueryParam("action") @Size(min = 1, max = 80) String action,
                                               @QueryParam("actor") @Size(min = 1, max = 200) String actor,
                                               @QueryParam("from") Instant from, @QueryParam("to") Instant to,
                                               @QueryParam("cursor") @Size(max = 200) String cursor,
                                               @QueryParam("beforeId") @Min(1) Long beforeId,
                                               @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        ActivityRepository.Filter filter = new ActivityRepository.Filter(caller.whoseRecords(customerId), action, actor, from, to);
        Long before = cursor == null || cursor.isEmpty() ? beforeId : beforeId(cursor);
        return CursorPage.read((Long after, Integer size) -> activity.page(filter, after, size), before, limit,
                (ActivityEntry last) -> OpaqueCursor.encode(CURSOR_VERSION, List.of(Long.toString(last.id()))));
    }

    @GET
    @Path("export.csv")
    @Produces(Csv.MEDIA_TYPE)
    @Operation(summary = "The same entries as CSV (RFC 4180, UTF-8, a header row), newest first, streamed whole")
    @APIResponse(responseCode = "200", description = "Columns: id, at, actor, api_key_id, customer_id, action, target, reason, before,"
            + " after, correlation_id (before and after as JSON)",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public RestMulti<String> csv(@QueryParam("customerId") @Size(min = 1, max = 100) String customerId,
                                 @QueryParam("action") @Size(min = 1, max = 80) String action,
                                 @QueryParam("actor") @Size(min = 1, max = 200) String actor,
                                 @QueryParam("from") Instant from, @QueryParam("to") Instant to) {
        ActivityRepository.Filter filter = new ActivityRepository.Filter(caller.whoseRecords(customerId), action, actor, from, to);
        return CsvDownload.of("activity.csv", CSV_COLUMNS,
                Pages.all((Long after, Integer size) -> activity.page(filter, after, size), ActivityEntry::id, EXPORT_PAGE),
                e -> Arrays.asList(e.id(), e.at(), e.actor(), e.apiKeyId(), e.customerId(), e.action(), e.target(), e.reason(),
                        e.before(), e.after(), e.correlationId()));
    }

    private static Long beforeId(String cursor) {
        try {
            return Long.parseLong(OpaqueCursor.decode(cursor, CURSOR_VERSION, 1).get(0));
        } catch (NumberFormatException malformed) {
            throw OpaqueCursor.invalid();
        }
    }
}
