package app.reseller.platform.web;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A page of a list paged by cursor, and the cursor of the next page (absent on the last). */
public record CursorPage<T>(List<T> items,
                            @Schema(description = "Pass as ?cursor= (with the same filters) for the next page; absent on the last")
                            String nextCursor) {

    /**
     * The page after {@code after} (null: the first): one row more than asked is read, to know
     * whether a next page exists without counting.
     */
    public static <T, K> Uni<CursorPage<T>> read(BiFunction<K, Integer, Uni<List<T>>> pageAfter, K after, int limit,
                                                Function<T, String> cursorOf) {
        return pageAfter.apply(after, limit + 1).map(rows -> rows.size() <= limit ? new CursorPage<>(rows, null)
                : new CursorPage<>(List.copyOf(rows.subList(0, limit)), cursorOf.apply(rows.get(limit - 1))));
    }
}
