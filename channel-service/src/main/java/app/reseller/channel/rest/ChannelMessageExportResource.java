package app.reseller.channel.rest;

import app.reseller.channel.ChannelMessageLogEntry;
import app.reseller.channel.service.ChannelMessageLog;
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
import java.util.UUID;

/** Messages through customers' own channels for a period, oldest first: JSON pages for the console and the whole period as CSV. */
@Path("/channel-messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
@Tag(name = "Channel messages", description = "Messages sent and received through the customers' own channels, for a period")
public class ChannelMessageExportResource {

    /** The export's columns, in this order: a stable contract (docs/operators.md). */
    static final List<String> CSV_COLUMNS = List.of("id", "created_at", "channel_id", "customer_id", "direction", "chat_id", "kind",
            "status", "whapi_message_id", "client_reference", "failure", "updated_at");

    private final ChannelMessageLog log;
    private final Caller caller;

    public ChannelMessageExportResource(ChannelMessageLog log, Caller caller) {
        this.log = log;
        this.caller = caller;
    }

    @GET
    @Path("export")
    @Operation(summary = "Messages through own channels in a period, oldest first, paged by cursor (a customer: its own; an admin: ?customerId= or all)",
            description = "Without a body or media: a message's content is read one at a time, GET /channels/{id}/messages/{messageId}")
    public Uni<CursorPage<ChannelMessageLogEntry>> page(@QueryParam("customerId") @Size(min = 1, max = 100) String customerId,
                                                         @QueryParam("channelId") UUID channelId,
                                                         @QueryParam("from") @Parameter(description = "Inclusive, ISO-8601 instant; default the 1st of this month") Instant from,
                                                         @QueryParam("to") @Parameter(description = "Exclusive, ISO-8601 instant; default now") Instant to,
                                                         @QueryParam("cursor") @Size(max = 200) String cursor,
                                                         @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return log.page(caller.whoseRecords(customerId), channelId, log.period(from, to), cursor, limit);
    }

    @GET
    @Path("export.csv")
    @Produces(Csv.MEDIA_TYPE)
    @Operation(summary = "The same messages as CSV (RFC 4180, UTF-8, a header row), the whole period streamed")
    @APIResponse(responseCode = "200", description = "Columns: id, created_at, channel_id, customer_id, direction, chat_id, kind, status,"
            + " whapi_message_id, client_reference, failure, updated_at",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public RestMulti<String> csv(@QueryParam("customerId") @Size(min = 1, max = 100) String customerId,
                                 @QueryParam("channelId") UUID channelId,
                                 @QueryParam("from") @Parameter(description = "Inclusive, ISO-8601 instant; default the 1st of this month") Instant from,
                                 @QueryParam("to") @Parameter(description = "Exclusive, ISO-8601 instant; default now") Instant to) {
        Period period = log.period(from, to);
        String whose = caller.whoseRecords(customerId);
        return CsvDownload.of("channel-messages-" + (whose == null ? "all" : whose) + "-" + period.label() + ".csv", CSV_COLUMNS,
                log.export(whose, channelId, period), m -> Arrays.asList(m.id(), m.createdAt(), m.channelId(), m.customerId(),
                        m.direction(), m.chatId(), m.kind(), m.status(), m.whapiMessageId(), m.clientReference(), m.failure(), m.updatedAt()));
    }
}
