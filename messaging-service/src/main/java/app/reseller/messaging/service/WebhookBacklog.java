package app.reseller.messaging.service;

import app.reseller.messaging.repository.WebhookDeliveryRepository;
import app.reseller.platform.events.WaitedForAtShutdown;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long the longest-waiting due webhook delivery has waited for a dispatcher
 * ({@code webhooks_oldest_due_seconds}, refreshed every {@code messaging.webhooks.measure-every}, 10 s): 0 while the dispatchers keep up (a due delivery
 * is claimed within a poll, 100 ms), growing when they fall behind or stop (alert {@code WebhooksLate}). A
 * delivery backing off after a failure is not due until its next attempt, and one behind its queue's head is
 * not due either, so a customer's failing endpoint does not raise it: that is the delivery log's to show.
 */
@Startup // the gauge is served from the start, not from the first run
@ApplicationScoped
public class WebhookBacklog {

    private static final Logger LOG = Logger.getLogger(WebhookBacklog.class);

    private final WebhookDeliveryRepository deliveries;
    private final Clock clock;
    private final AtomicLong oldestDueSeconds = new AtomicLong();

    public WebhookBacklog(WebhookDeliveryRepository deliveries, MeterRegistry metrics, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
        Gauge.builder("webhooks.oldest.due.seconds", oldestDueSeconds, AtomicLong::get)
                .description("how long the longest-waiting due webhook delivery has waited for a dispatcher").register(metrics);
    }

    @WaitedForAtShutdown
    @Scheduled(every = "{messaging.webhooks.measure-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measure() {
        Instant now = clock.instant();
        return deliveries.oldestDue(now)
                .invoke(oldest -> oldestDueSeconds.set(oldest.map(at -> Math.max(0, Duration.between(at, now).toSeconds())).orElse(0L)))
                .onFailure().invoke(failure -> LOG.warnf("could not measure the webhook backlog: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
