package app.reseller.messaging.service;

import app.reseller.messaging.MessageLogEntry;
import app.reseller.messaging.repository.MessageLogRepository;
import app.reseller.platform.domain.Period;
import app.reseller.platform.web.CursorPage;
import app.reseller.platform.web.Pages;
import app.reseller.platform.web.TimeCursor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/** Outbound messages of a period, oldest first: in pages for the console, whole (a page at a time) for the CSV export. */
@ApplicationScoped
public class MessageLog {

    /** Rows an export reads per query. */
    static final int EXPORT_PAGE = 1_000;

    private final MessageLogRepository log;
    private final Clock clock;

    public MessageLog(MessageLogRepository log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public Period period(Instant from, Instant to) {
        return Period.of(from, to, clock);
    }

    /** @param customerId null: every customer's (an admin's export) */
    public Uni<CursorPage<MessageLogEntry>> page(String customerId, Period period, String cursor, int limit) {
        return CursorPage.read((TimeCursor after, Integer size) -> log.page(customerId, period, after, size), TimeCursor.decode(cursor), limit,
                (MessageLogEntry last) -> keyOf(last).encode());
    }

    public Multi<MessageLogEntry> export(String customerId, Period period) {
        return Pages.all((TimeCursor after, Integer size) -> log.page(customerId, period, after, size), MessageLog::keyOf, EXPORT_PAGE);
    }

    private static TimeCursor keyOf(MessageLogEntry entry) {
        return new TimeCursor(entry.createdAt(), entry.id());
    }
}
