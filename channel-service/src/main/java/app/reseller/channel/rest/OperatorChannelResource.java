package app.reseller.channel.rest;

import app.reseller.channel.repository.ChannelDirectoryRepository.Listing;
import app.reseller.channel.ChannelOverview;
import app.reseller.channel.service.ChannelDirectory;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.Csv;
import app.reseller.platform.web.CsvDownload;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Ops: every customer's channels, the filtered list in pages and the same list as CSV (the audit and
 * the reconciler under the same path are {@link ChannelAuditResource}'s).
 */
@Path("/admin/channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Admin: channels", description = "Every customer's channels: the overview, the list and its CSV export")
public class OperatorChannelResource {

    /** The export's columns, in this order: a stable contract (docs/operators.md), WHAPI's panel's first. */
    static final List<String> CSV_COLUMNS = List.of("name", "id", "whapi_id", "phone", "active_till", "days_left", "state",
            "link_status", "health", "mode", "paid", "created_at", "customer_id", "customer_balance_days");

    /** A channel as the operators' list shows it. */
    public record OperatorChannelView(UUID id, String name, String whapiId, String phone, String customerId, String state,
                                      String mode, String linkStatus, String health, boolean paid, Instant activeTill,
                                      @Schema(description = "Whole days of paid time left, rounded up; 0 once it ended") Long daysLeft,
                                      Long customerBalanceDays, Instant createdAt) {
    }

    public record OperatorChannelPage(List<OperatorChannelView> items,
                                      @Schema(description = "Pass as ?cursor= for the next page; absent on the last page") String nextCursor) {
    }

    private final ChannelDirectory directory;

    public OperatorChannelResource(ChannelDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Operation(summary = "All channels, filtered, sorted and paged by cursor (every filter optional, all combined)")
    public Uni<OperatorChannelPage> list(@Valid @BeanParam ChannelListRequest request) {
        return directory.page(request.filter(), request.sort, request.descending, request.cursor, request.limit)
                .map(page -> new OperatorChannelPage(page.items().stream().map(l -> view(l, page.asOf())).toList(), page.nextCursor()));
    }

    @GET
    @Path("overview")
    @Operation(summary = "Every channel not deleted, counted by state, mode, link status and health; ACTIVE ones ending within 3, 7 and 30 days")
    public Uni<ChannelOverview> overview() {
        return directory.overview();
    }

    @GET
    @Path("export.csv")
    @Produces(Csv.MEDIA_TYPE)
    @Operation(summary = "The same list as CSV (RFC 4180, UTF-8, a header row), streamed whole: the filters and sort of the list, no paging")
    @APIResponse(responseCode = "200", description = "Columns: " + "name, id, whapi_id, phone, active_till, days_left, state, link_status,"
            + " health, mode, paid, created_at, customer_id, customer_balance_days",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    public RestMulti<String> export(@Valid @BeanParam ChannelListRequest request) {
        Instant now = directory.now();
        return CsvDownload.of("channels-" + LocalDate.ofInstant(now, ZoneOffset.UTC) + ".csv", CSV_COLUMNS,
                directory.export(request.filter(), request.sort, request.descending), l -> row(view(l, now)));
    }


    static OperatorChannelView view(Listing l, Instant now) {
        return new OperatorChannelView(l.id(), l.name(), l.whapiId(), l.phone(), l.customerId(), l.state(), l.mode(), l.linkStatus(),
                l.health(), l.paid(), l.activeTill(), ChannelDirectory.daysLeft(l.activeTill(), now), l.customerBalanceDays(), l.createdAt());
    }

    private static List<Object> row(OperatorChannelView v) {
        return Arrays.asList(v.name(), v.id(), v.whapiId(), v.phone(), v.activeTill(), v.daysLeft(), v.state(), v.linkStatus(),
                v.health(), v.mode(), v.paid(), v.createdAt(), v.customerId(), v.customerBalanceDays());
    }
}
