package app.reseller.billing.service;

import app.reseller.billing.CustomerFilter;
import app.reseller.billing.CustomerListing;
import app.reseller.billing.repository.CustomerDirectoryRepository;
import app.reseller.platform.web.OpaqueCursor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Every customer as an operator looks at them (issue 25): a filtered list in pages, by customer id. */
@ApplicationScoped
public class CustomerDirectory {

    private static final String CURSOR_VERSION = "u1";

    /** A page and the cursor of the next one (null: this was the last). */
    public record Page(List<CustomerListing> items, String nextCursor) {
    }

    private final CustomerDirectoryRepository directory;

    public CustomerDirectory(CustomerDirectoryRepository directory) {
        this.directory = directory;
    }

    public Uni<Page> page(CustomerFilter filter, String cursor, int limit) {
        String after = cursor == null || cursor.isEmpty() ? null : OpaqueCursor.decode(cursor, CURSOR_VERSION, 1).get(0);
        return directory.page(filter, after, limit + 1).map(rows -> rows.size() <= limit ? new Page(rows, null)
                : new Page(List.copyOf(rows.subList(0, limit)),
                OpaqueCursor.encode(CURSOR_VERSION, List.of(rows.get(limit - 1).customerId()))));
    }
}
