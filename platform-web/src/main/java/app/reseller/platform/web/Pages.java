package app.reseller.platform.web;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every row of a keyset query as a stream, read a page at a time as the consumer asks for more: an
 * export of a million rows holds one page in memory, and a slow reader slows the reads down instead
 * of filling the heap.
 */
public final class Pages {

    private Pages() {
    }

    /**
     * @param pageAfter the page of {@code size} rows after a key (null: the first page)
     * @param keyOf     the key of a row, where the next page starts
     */
    public static <T, K> Multi<T> all(BiFunction<K, Integer, Uni<List<T>>> pageAfter, Function<T, K> keyOf, int size) {
        AtomicReference<K> after = new AtomicReference<>();
        return Multi.createBy().repeating()
                .uni(() -> pageAfter.apply(after.get(), size).invoke(rows -> {
                    if (!rows.isEmpty()) {
                        after.set(keyOf.apply(rows.get(rows.size() - 1)));
                    }
                }))
                .whilst(rows -> rows.size() == size)
                .onItem().<T>disjoint();
    }
}
