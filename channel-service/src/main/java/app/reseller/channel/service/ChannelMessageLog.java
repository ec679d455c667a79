package app.reseller.channel.service;

import app.reseller.channel.ChannelMessageLogEntry;
import app.reseller.channel.repository.ChannelMessageLogRepository;
import app.reseller.platform.domain.Period;
import app.reseller.platform.web.CursorPage;
import app.reseller.platform.web.Pages;
import app.reseller.platform.web.TimeCursor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Messages through customers' own channels for a period, oldest first: pages for the console, whole for the CSV. */
@ApplicationScoped
public class ChannelMessageLog {

    /** Rows an export reads per query. */
    static final int EXPORT_PAGE = 1_000;

    private final ChannelMessageLogRepository log;
    private final Clock clock;

    public ChannelMessageLog(ChannelMessageLogRepository log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public Period period(Instant from, Instant to) {
        return Period.of(from, to, clock);
    }

    public Uni<CursorPage<ChannelMessageLogEntry>> page(String customerId, UUID channelId, Period period, String cursor, int limit) {
        return CursorPage.read((TimeCursor after, Integer size) -> log.page(customerId, channelId, period, after, size),
                TimeCursor.decode(cursor), limit, (ChannelMessageLogEntry last) -> keyOf(last).encode());
    }

    public Multi<ChannelMessageLogEntry> export(String customerId, UUID channelId, Period period) {
        return Pages.all((TimeCursor after, Integer size) -> log.page(customerId, channelId, period, after, size),
                ChannelMessageLog::keyOf, EXPORT_PAGE);
    }

    private static TimeCursor keyOf(ChannelMessageLogEntry entry) {
        return new TimeCursor(entry.createdAt(), entry.id());
    }
}
