package app.reseller.channel.service;

import app.reseller.channel.ChannelCursor;
import app.reseller.channel.ChannelFilter;
import app.reseller.channel.ChannelOrder;
import app.reseller.channel.ChannelOverview;
import app.reseller.channel.repository.ChannelOverviewRepository;
import app.reseller.channel.repository.ChannelDirectoryRepository;
import app.reseller.channel.repository.ChannelDirectoryRepository.Listing;
import app.reseller.platform.web.Pages;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * All channels as an operator looks at them (issue 25): a filtered, sorted list in pages, and the
 * same list exported whole, page after page, so an export of a million channels holds one page in
 * memory at a time.
 */
@ApplicationScoped
public class ChannelDirectory {

    /** Rows an export reads per query. */
    static final int EXPORT_PAGE = 500;

    /** A page, the cursor of the next one (null: this was the last), and the time its days left were counted at. */
    public record Page(List<Listing> items, String nextCursor, Instant asOf) {
    }

    private final ChannelDirectoryRepository directory;
    private final ChannelOverviewRepository overviews;
    private final Clock clock;

    public ChannelDirectory(ChannelDirectoryRepository directory, ChannelOverviewRepository overviews, Clock clock) {
        this.directory = directory;
        this.overviews = overviews;
        this.clock = clock;
    }

    /** The fleet counted by state, mode, link status and health, and how many ACTIVE channels end soon. */
    public Uni<ChannelOverview> overview() {
        return overviews.overview(clock.instant());
    }

    /** When the listing is read: what its days left are counted from. */
    public Instant now() {
        return clock.instant();
    }

    /** Whole days of paid time left at {@code now}, rounded up (an hour left is a day); 0 once it ended; null without an end. */
    public static Long daysLeft(Instant activeTill, Instant now) {
        if (activeTill == null) {
            return null;
        }
        Duration left = Duration.between(now, activeTill);
        return left.isNegative() || left.isZero() ? 0 : (left.toSeconds() + 86_399) / 86_400;
    }

    public Uni<Page> page(ChannelFilter filter, ChannelOrder order, boolean descending, String cursor, int limit) {
        ChannelCursor after = ChannelCursor.decode(cursor, order, descending);
        Instant asOf = clock.instant();
        return directory.page(filter, order, descending, after, limit + 1).map(rows -> {
            if (rows.size() <= limit) {
                return new Page(rows, null, asOf);
            }
            List<Listing> items = rows.subList(0, limit);
            return new Page(List.copyOf(items), cursorAfter(items, order, descending).encode(), asOf);
        });
    }

    /** Every matching channel in {@code order}, read a page at a time as the consumer asks for more. */
    public Multi<Listing> export(ChannelFilter filter, ChannelOrder order, boolean descending) {
        return Pages.all((ChannelCursor after, Integer size) -> directory.page(filter, order, descending, after, size),
                (Listing last) -> cursorAfter(List.of(last), order, descending), EXPORT_PAGE);
    }

    private static ChannelCursor cursorAfter(List<Listing> rows, ChannelOrder order, boolean descending) {
        Listing last = rows.get(rows.size() - 1);
        return new ChannelCursor(order, descending, ChannelDirectoryRepository.keyOf(last, order), last.id());
    }
}
