package app.reseller.platform.web;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.List;

/** Stops the app's start when one of its refusals has no HTTP status: a new refusal never reaches a caller as a 500. */
@Startup
@ApplicationScoped
public class RefusalStatusesCheck {

    public RefusalStatusesCheck(Instance<RefusalStatuses> tables) {
        for (RefusalStatuses table : tables) {
            List<Class<?>> missing = table.withoutStatus();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("refusals without an HTTP status in " + table.getClass().getName() + ": " + missing);
            }
        }
    }
}
