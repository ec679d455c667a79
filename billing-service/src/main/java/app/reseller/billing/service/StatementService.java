package app.reseller.billing.service;

import app.reseller.billing.Statement.Balance;
import app.reseller.billing.Statement.Entry;
import app.reseller.billing.Statement.Line;
import app.reseller.billing.Statement.Page;
import app.reseller.billing.Statement.Payment;
import app.reseller.billing.Statement.Bounds;
import app.reseller.platform.domain.Period;
import app.reseller.billing.repository.StatementRepository;
import app.reseller.platform.web.OpaqueCursor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Customers' statements (issue 25): a period's movements in pages for the console, and whole, as
 * entries read a page at a time, for the CSV export, so a customer with a million movements is
 * exported holding one page in memory.
 */
@ApplicationScoped
public class StatementService {

    /** Lines an export reads per query. */
    static final int EXPORT_PAGE = 1_000;
    private static final String CURSOR_VERSION = "s1";

    private final StatementRepository statements;
    private final Clock clock;

    public StatementService(StatementRepository statements, Clock clock) {
        this.statements = statements;
        this.clock = clock;
    }

    public Period span(Instant from, Instant to) {
        return Period.of(from, to, clock);
    }

    /** A page of the statement; the first page (no cursor) also carries the period's payments. */
    public Uni<Page> page(String customerId, Period span, String cursor, int limit) {
        Instant from = span.from();
        Instant to = span.to();
        return statements.period(customerId, from, to).chain(period -> {
            long after = cursor == null || cursor.isEmpty() ? period.afterId() : resume(cursor, period);
            Uni<Long> balance = after == period.afterId() ? Uni.createFrom().item(period.openingBalanceDays())
                    : statements.balanceAfter(customerId, after);
            Uni<List<Payment>> payments = after == period.afterId() ? statements.payments(customerId, from, to)
                    : Uni.createFrom().item(List.of());
            return balance.chain(start -> statements.lines(period, after, start, limit + 1))
                    .chain(lines -> payments.map(paid -> lines.size() <= limit ? new Page(period, lines, 0, paid)
                            : new Page(period, List.copyOf(lines.subList(0, limit)), lines.get(limit - 1).transferId(), paid)));
        });
    }

    public static String cursorAfter(long transferId) {
        return OpaqueCursor.encode(CURSOR_VERSION, List.of(Long.toString(transferId)));
    }

    /**
     * The whole statement in order: the opening balance, then the lines with each payment placed
     * before the first line posted after it, then the closing balance.
     */
    public Multi<Entry> export(String customerId, Period span) {
        return Uni.combine().all().unis(statements.period(customerId, span.from(), span.to()),
                        statements.payments(customerId, span.from(), span.to()))
                .asTuple().onItem().transformToMulti(both -> entries(both.getItem1(), new ArrayDeque<>(both.getItem2())));
    }

    private Multi<Entry> entries(Bounds period, Deque<Payment> payments) {
        AtomicLong after = new AtomicLong(period.afterId());
        AtomicLong balance = new AtomicLong(period.openingBalanceDays());
        Multi<Entry> lines = Multi.createBy().repeating()
                .uni(() -> statements.lines(period, after.get(), balance.get(), EXPORT_PAGE).invoke(page -> {
                    if (!page.isEmpty()) {
                        after.set(page.get(page.size() - 1).transferId());
                        balance.set(page.get(page.size() - 1).balanceAfterDays());
                    }
                }))
                .whilst(page -> page.size() == EXPORT_PAGE)
                .onItem().transformToIterable(page -> interleave(page, payments));
        return Multi.createBy().concatenating().streams(
                Multi.createFrom().item(new Balance(true, period.from(), period.openingBalanceDays())),
                lines,
                Multi.createFrom().deferred(() -> Multi.createFrom().iterable(List.copyOf(payments))),
                Multi.createFrom().item(new Balance(false, period.to(), period.closingBalanceDays())));
    }

    /** The page's lines, each preceded by the payments confirmed before it (taken off {@code payments}). */
    private static List<Entry> interleave(List<Line> page, Deque<Payment> payments) {
        List<Entry> entries = new ArrayList<>(page.size() + payments.size());
        for (Line line : page) {
            while (!payments.isEmpty() && payments.peekFirst().confirmedAt().isBefore(line.at())) {
                entries.add(payments.pollFirst());
            }
            entries.add(line);
        }
        return entries;
    }

    private static long resume(String cursor, Bounds period) {
        try {
            long after = Long.parseLong(OpaqueCursor.decode(cursor, CURSOR_VERSION, 1).get(0));
            if (after > period.afterId() && after <= period.throughId()) {
                return after;
            }
        } catch (NumberFormatException malformed) {
            // refused below
        }
        throw OpaqueCursor.invalid();
    }
}
