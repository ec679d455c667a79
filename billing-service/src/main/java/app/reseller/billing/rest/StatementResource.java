package app.reseller.billing.rest;

import app.reseller.billing.Statement;
import app.reseller.billing.Statement.Balance;
import app.reseller.billing.Statement.Entry;
import app.reseller.billing.Statement.Line;
import app.reseller.billing.Statement.Payment;
import app.reseller.platform.domain.Period;
import app.reseller.billing.service.StatementService;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.Csv;
import app.reseller.platform.web.CsvDownload;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A customer's statement: the console's pages, and the CSV. A customer reads its own, an admin anyone's. */
@Path("/customers/{customerId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
@Tag(name = "Customers")
public class StatementResource {

    /** The export's columns, in this order: a stable contract (docs/operators.md). */
    static final List<String> CSV_COLUMNS = List.of("entry", "at", "transfer_id", "kind", "days", "balance_after_days", "status",
            "counterpart", "channel_id", "reference", "comment", "actor", "payment_id", "subscription_id", "plan", "amount",
            "currency", "period_end");

    public record StatementLineView(long transferId, Instant at, String kind,
                                    @Schema(description = "Signed from the customer's side: + days in, - days out") long days,
                                    @Schema(description = "The customer's balance right after this movement") long balanceAfterDays,
                                    String status, @Schema(description = "The account the days came from or went to") String counterpart,
                                    String channelId, String reference, String comment, String actor) {
        static StatementLineView of(Line l) {
            return new StatementLineView(l.transferId(), l.at(), l.kind().name(), l.days(), l.balanceAfterDays(), l.status(),
                    l.counterpart(), l.channelId(), l.reference(), l.comment(), l.actor());
        }
    }

    public record PaymentView(long id, Instant confirmedAt, UUID subscriptionId, String plan,
                              @Schema(description = "FIRST_PERIOD or RENEWAL") String kind, BigDecimal amount, String currency,
                              Instant periodEnd, String actor) {
        static PaymentView of(Payment p) {
            return new PaymentView(p.id(), p.confirmedAt(), p.subscriptionId(), p.planName(), p.kind(), p.amount(), p.currency(),
                    p.periodEnd(), p.actor());
        }
    }

    public record StatementView(String customerId, Instant from, Instant to, long openingBalanceDays, long closingBalanceDays,
                                List<StatementLineView> lines,
                                @Schema(description = "The period's payments: on the first page only") List<PaymentView> payments,
                                @Schema(description = "Pass as ?cursor= (with the same from and to) for the next page; absent on the last")
                                String nextCursor) {
    }

    private final StatementService statements;
    private final Caller caller;

    public StatementResource(StatementService statements, Caller caller) {
        this.statements = statements;
        this.caller = caller;
    }

    @GET
    @Path("statement")
    @Operation(summary = "The customer's statement for a period: every movement of its days with the balance after it, and its payments",
            description = "Movements in the order the ledger posted them; the opening and closing balances bracket the period."
                    + " Default period: from the first day of this month (UTC) to now.")
    public Uni<StatementView> statement(@PathParam("customerId") String customerId,
                                        @QueryParam("from") @Parameter(description = "Inclusive, ISO-8601 instant") Instant from,
                                        @QueryParam("to") @Parameter(description = "Exclusive, ISO-8601 instant; default now") Instant to,
                                        @QueryParam("cursor") @Size(max = 200) String cursor,
                                        @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        caller.mayAccess(customerId, "Customer", customerId);
        Period span = statements.span(from, to);
        return statements.page(customerId, span, cursor, limit).map(page -> new StatementView(customerId, span.from(), span.to(),
                page.period().openingBalanceDays(), page.period().closingBalanceDays(),
                page.lines().stream().map(StatementLineView::of).toList(), page.payments().stream().map(PaymentView::of).toList(),
                page.lastId() == 0 ? null : StatementService.cursorAfter(page.lastId())));
    }

    @GET
    @Path("statement.csv")
    @Produces(Csv.MEDIA_TYPE)
    @Operation(summary = "The same statement as CSV (RFC 4180, UTF-8, a header row), streamed whole",
            description = "An OPENING row, the movements (MOVEMENT) with each payment (PAYMENT) placed where it was confirmed, a CLOSING row.")
    @APIResponse(responseCode = "200", description = "Columns: entry, at, transfer_id, kind, days, balance_after_days, status,"
            + " counterpart, channel_id, reference, comment, actor, payment_id, subscription_id, plan, amount, currency, period_end",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public RestMulti<String> export(@PathParam("customerId") String customerId,
                                    @QueryParam("from") @Parameter(description = "Inclusive, ISO-8601 instant") Instant from,
                                    @QueryParam("to") @Parameter(description = "Exclusive, ISO-8601 instant; default now") Instant to) {
        caller.mayAccess(customerId, "Customer", customerId);
        Period span = statements.span(from, to);
        return CsvDownload.of("statement-" + customerId + "-" + span.label() + ".csv", CSV_COLUMNS, statements.export(customerId, span),
                StatementResource::row);
    }

    static List<Object> row(Entry entry) {
        if (entry instanceof Line l) {
            return Arrays.asList("MOVEMENT", l.at(), l.transferId(), l.kind(), l.days(), l.balanceAfterDays(), l.status(),
                    l.counterpart(), l.channelId(), l.reference(), l.comment(), l.actor(), null, null, null, null, null, null);
        }
        if (entry instanceof Payment p) {
            return Arrays.asList("PAYMENT", p.confirmedAt(), null, p.kind(), null, null, null, null, null, null, null,
                    p.actor(), p.id(), p.subscriptionId(), p.planName(), p.amount(), p.currency(), p.periodEnd());
        }
        Balance b = (Balance) entry;
        return Arrays.asList(b.opening() ? "OPENING" : "CLOSING", b.at(), null, null, null, b.days(), null, null, null,
                null, null, null, null, null, null, null, null, null);
    }
}
