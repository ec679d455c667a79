package app.reseller.messaging.rest;

import app.reseller.messaging.MessageLogEntry;
import app.reseller.messaging.service.MessageLog;
import app.reseller.platform.domain.Period;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.Csv;
import app.reseller.platform.web.CsvDownload;
import app.reseller.platform.web.CursorPage;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The Wappin messages of a period, oldest first: JSON pages for the console and the whole period as CSV. */
@Path("/messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
@Tag(name = "Messages")
public class MessageExportResource {

    /** The export's columns, in this order: a stable contract (docs/operators.md). */
    static final List<String> CSV_COLUMNS = List.of("id", "created_at", "customer_id", "recipient", "kind", "template", "status",
            "wappin_message_id", "failure_code", "failure", "updated_at");

    private final MessageLog log;
    private final Caller caller;

    public MessageExportResource(MessageLog log, Caller caller) {
        this.log = log;
        this.caller = caller;
    }

    @GET
    @Path("export")
    @Operation(summary = "The messages sent in a period, oldest first, paged by cursor (a customer: its own; an admin: ?customerId= or all)",
            description = "Without a body or parameters: a message's content is read one at a time, GET /messages/{id}")
    public Uni<CursorPage<MessageLogEntry>> page(@QueryParam("customerId") @Size(min = 1, max = 100) String customerId,
                                    @QueryParam("from") @Parameter(description = "Inclusive, ISO-8601 instant; default the 1st of this month") Instant from,
                                    @QueryParam("to") @Parameter(description = "Exclusive, ISO-8601 instant; default now") Instant to,
                                    @QueryParam("cursor") @Size(max = 200) String cursor,
                                    @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        Period period = log.period(from, to);
        return log.page(caller.whoseRecords(customerId), period, cursor, limit);
    }

    @GET
    @Path("export.csv")
    @Produces(Csv.MEDIA_TYPE)
    @Operation(summary = "The same messages as CSV (RFC 4180, UTF-8, a header row), the whole period streamed")
    @APIResponse(responseCode = "200", description = "Columns: id, created_at, customer_id, recipient, kind, template, status,"
            + " wappin_message_id, failure_code, failure, updated_at",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public RestMulti<String> csv(@QueryParam("customerId") @Size(min = 1, max = 100) String customerId,
                                 @QueryParam("from") @Parameter(description = "Inclusive, ISO-8601 instant; default the 1st of this month") Instant from,
                                 @QueryParam("to") @Parameter(description = "Exclusive, ISO-8601 instant; default now") Instant to) {
        Period period = log.period(from, to);
        String whose = caller.whoseRecords(customerId);
        return CsvDownload.of("messages-" + (whose == null ? "all" : whose) + "-" + period.label() + ".csv", CSV_COLUMNS,
                log.export(whose, period), m -> Arrays.asList(m.id(), m.createdAt(), m.customerId(), m.recipient(), m.kind(),
                        m.template(), m.status(), m.wappinMessageId(), m.failureCode(), m.failure(), m.updatedAt()));
    }
}
