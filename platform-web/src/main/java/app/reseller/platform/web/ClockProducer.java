package app.reseller.platform.web;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/**
 * The one source of "now" for every decision that depends on time (leases, back-off, stale
 * channels, reservation age). Application scoped, so a test can install a clock it moves
 * ({@code QuarkusMock.installMockForType(clock, Clock.class)}) instead of editing rows by SQL.
 */
public class ClockProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
