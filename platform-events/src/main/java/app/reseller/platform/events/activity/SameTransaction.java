package app.reseller.platform.events.activity;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * What else a repository's transaction on the reactive pool writes beside its change: the change's
 * activity entry, given the row before (null for a new one) and after it (null once deleted). A
 * repository runs it only when the row really changed.
 */
@FunctionalInterface
public interface SameTransaction<T> {

    Uni<Void> write(SqlClient tx, T before, T after);

    /** Nothing else: a change the system makes on its own (no person or key to record). */
    static <T> SameTransaction<T> nothing() {
        return (tx, before, after) -> Uni.createFrom().voidItem();
    }
}
