package app.reseller.platform.web;

import app.reseller.platform.domain.IdempotencyKeyReused;
import app.reseller.platform.domain.InvalidValue;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.domain.Refusal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An app's table of the HTTP status each of its own refusals answers, kept in its {@code rest/}
 * package: the one place where the app's domain meets HTTP. The platform's refusals
 * ({@link InvalidValue} 400, {@link NotFound} 404, {@link IdempotencyKeyReused} 422) need no entry.
 * The app does not start when a refusal of its sealed {@link #family()} has no status
 * ({@link RefusalMapper}), so a new refusal cannot reach a caller as a 500.
 */
public interface RefusalStatuses {

    /** The sealed class whose permitted subclasses are the app's refusals. */
    Class<? extends Refusal> family();

    Map<Class<? extends Refusal>, Integer> statuses();

    /** The refusals of the family with no status here (empty when the table is complete). */
    default List<Class<?>> withoutStatus() {
        Class<?>[] refusals = family().getPermittedSubclasses();
        if (refusals == null) {
            throw new IllegalStateException(family().getName() + " is not sealed: its refusals cannot be listed");
        }
        return Arrays.stream(refusals).filter(refusal -> !statuses().containsKey(refusal)).toList();
    }
}
