package app.reseller.messaging.service;

import app.reseller.messaging.WebhookDelivery.Attempt;
import app.reseller.messaging.client.WebhookPoster;
import app.reseller.messaging.client.WebhookPoster.Answer;
import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.repository.WebhookDeliveryRepository;
import app.reseller.messaging.repository.WebhookDeliveryRepository.Claimed;
import app.reseller.messaging.repository.WebhookDeliveryRepository.Outcome;
import app.reseller.messaging.repository.WebhookDeliveryRepository.Recording;
import app.reseller.messaging.repository.GroupCommit;
import app.reseller.platform.events.WorkInFlight;
import app.reseller.platform.events.contract.MessagingEvents.WebhookEndpointDisabled;
import app.reseller.platform.secrets.SecretBox;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends due deliveries: claims the heads of the endpoints' queues (one per endpoint and aggregate,
 * so order holds), posts each signed, and records the outcome. A 2xx delivers; a 410 disables the
 * endpoint; anything else (another status, a timeout, a refused address) is retried with
 * exponential back-off and jitter until messaging.webhooks.give-up-after, and an endpoint that has
 * failed without a success for messaging.webhooks.disable-after is disabled. A disabling writes a
 * WebhookEndpointDisabled event, by which the owner is notified. The outcomes of attempts that end
 * together are recorded together (a group commit: one transaction, one flush), each attempt's round
 * waiting for its own to be stored.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int PARALLEL = 32;

    private final WebhookDeliveryRepository deliveries;
    private final WebhookPoster poster;
    private final EndpointAddresses addresses;
    private final SecretBox secrets;
    private final MessagingConfig.Webhooks config;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Vertx vertx;
    private final WorkInFlight work;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final GroupCommit<Recorded, Boolean> outcomes;
    private long timer;

    public WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookPoster poster, EndpointAddresses addresses, SecretBox secrets,
                             MessagingConfig config, MeterRegistry metrics, Clock clock, Vertx vertx, WorkInFlight work) {
        this.vertx = vertx;
        this.work = work;
        this.deliveries = deliveries;
        this.poster = poster;
        this.addresses = addresses;
        this.secrets = secrets;
        this.config = config.webhooks();
        this.metrics = metrics;
        this.clock = clock;
        DistributionSummary groups = DistributionSummary.builder("webhooks.outcomes.batch")
                .description("attempts' outcomes recorded by one transaction").register(metrics);
        this.outcomes = new GroupCommit<>(this.config.recordParallel(), this.config.recordBatch(), group -> {
            groups.record(group.size());
            return recordGroup(group);
        });
    }

    /*
     * A Vert.x timer, not @Scheduled: the scheduler's resolution is one second, and a delivery should
     * not wait that long. Each tick drains: rounds follow one another while they find due deliveries
     * (a round waits for its slowest attempt), and a tick that finds a drain running does nothing. A drain is
     * work in flight: a shutdown waits for its round (the outcomes stored: a delivery posted but not recorded would
     * be sent again when its claim expired) and starts no other.
     */
    void start(@Observes StartupEvent started) {
        timer = vertx.setPeriodic(config.pollEvery().toMillis(), id -> tick());
    }

    /** At the start of a shutdown, not at the bean's end: the pool closes first (the ticks do nothing once WorkInFlight is finishing). */
    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
    }

    private void tick() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        work.track(() -> Multi.createBy().repeating().uni(this::dispatchDue).whilst(claimed -> claimed > 0 && !work.stopping())
                        .collect().last())
                .subscribe().with(done -> draining.set(false), failure -> {
                    LOG.warnf("webhook dispatch failed: %s", failure.toString());
                    draining.set(false);
                });
    }

    /** One round: every due head claimed now is attempted; how many. */
    public Uni<Integer> dispatchDue() {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        return deliveries.claim(now, now.plus(lease(config.batch(), config.timeout())), token, config.batch())
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUni(delivery -> attempt(delivery, token)).merge(PARALLEL)
                        .collect().asList().map(List::size));
    }

    /**
     * A round's claims outlive the round: PARALLEL attempts at a time, each up to the timeout, so a round of
     * batch deliveries whose endpoints all time out takes ceil(batch / PARALLEL) timeouts; 30 s more for the
     * address checks and the recording. A claim that outlives it was cut by a crash, and another worker takes it over.
     * (A lease of one timeout let a round larger than a few PARALLELs outlive its own claims: the deliveries still
     * waiting their turn were claimed again and sent twice.)
     */
    static Duration lease(int batch, Duration timeout) {
        int waves = (batch + PARALLEL - 1) / PARALLEL;
        return timeout.multipliedBy(Math.max(1, waves)).plusSeconds(30);
    }

    private Uni<Void> attempt(Claimed delivery, UUID token) {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        return addresses.check(delivery.url())
                .chain(target -> poster.post(target, headers(delivery, started), delivery.payload()))
                .map(answer -> (Object) answer)
                .onFailure().recoverWithItem(failure -> failure)
                .chain(result -> {
                    int latency = (int) Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
                    return record(delivery, token, started, latency, result);
                });
    }

    private Map<String, String> headers(Claimed delivery, Instant now) {
        List<String> signing = new ArrayList<>();
        signing.add(secrets.open(WebhookEndpoints.SECRET_PURPOSE, delivery.secret()));
        if (delivery.previousSecret() != null) {
            signing.add(secrets.open(WebhookEndpoints.SECRET_PURPOSE, delivery.previousSecret()));
        }
        String id = delivery.eventId().toString();
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "reseller-webhooks/1");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignatures.header(signing, id, timestamp, delivery.payload()));
        return headers;
    }

    private Uni<Void> record(Claimed delivery, UUID token, Instant started, int latencyMs, Object result) {
        Instant now = clock.instant();
        Answer answer = result instanceof Answer a ? a : null;
        boolean delivered = answer != null && answer.status() >= 200 && answer.status() < 300;
        boolean gone = answer != null && answer.status() == 410;
        String error = answer != null ? (delivered ? null : "answered " + answer.status())
                : result instanceof Throwable failure ? describe(failure) : "no answer";
        Outcome outcome;
        if (delivered) {
            outcome = new Outcome("DELIVERED", null, now, attempt(delivery, started, answer, latencyMs, null, null));
        } else if (gone) {
            // kept pending: if its owner enables the endpoint again, it goes on from here
            outcome = new Outcome("PENDING", now, null, attempt(delivery, started, answer, latencyMs, error, now));
        } else if (!now.isBefore(delivery.queuedAt().plus(config.giveUpAfter()))) {
            outcome = new Outcome("FAILED", null, null, attempt(delivery, started, answer, latencyMs, error + "; given up", null));
        } else {
            Instant next = now.plus(backoff(delivery.attempt()));
            outcome = new Outcome("PENDING", next, null, attempt(delivery, started, answer, latencyMs, error, next));
        }
        metrics.counter("webhooks.attempts", "outcome", delivered ? "delivered" : gone ? "gone" : outcome.status().toLowerCase())
                .increment();
        if (delivered) {
            Timer.builder("webhooks.delivery.lag").description("from a delivery being queued (or requeued) to its success")
                    .publishPercentiles(0.5, 0.99).register(metrics).record(Duration.between(delivery.queuedAt(), now));
        }
        Effect effect = delivered ? Effect.SUCCEEDED : gone ? Effect.GONE : Effect.FAILED;
        return outcomes.submit(new Recorded(new Recording(delivery, token, outcome), effect, now)).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("webhook delivery %s: the outcome of attempt %d was not stored (%s); "
                        + "the claim expires and the delivery is attempted again", delivery.id(), delivery.attempt(), e.toString()))
                .onFailure().recoverWithNull();
    }

    /** What an applied outcome does to its endpoint. */
    private enum Effect { SUCCEEDED, GONE, FAILED }

    private record Recorded(Recording recording, Effect effect, Instant at) {
        UUID endpointId() {
            return recording.claimed().endpointId();
        }
    }

    /**
     * The outcomes of the attempts that ended while the previous group was being recorded, in one transaction: logged,
     * the deliveries moved on (if their claims still hold), then each applied one's effect on its endpoint. The endpoints'
     * rows are taken in one order (by id) by every group, so two groups never wait for each other in a circle; within an
     * endpoint the outcomes keep the order they ended in, and a run of successes clears its failing streak once.
     */
    private Uni<List<Boolean>> recordGroup(List<Recorded> group) {
        return deliveries.pool().withTransaction(tx -> deliveries.recordAll(tx, group.stream().map(Recorded::recording).toList())
                .call(applied -> {
                    List<Recorded> effects = new ArrayList<>();
                    for (int i = 0; i < group.size(); i++) {
                        if (applied.get(i)) {
                            effects.add(group.get(i));
                        }
                    }
                    effects.sort(Comparator.comparing(Recorded::endpointId)); // stable: within an endpoint, the order they ended in
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int i = 0; i < effects.size(); i++) {
                        Recorded one = effects.get(i);
                        boolean clearedJustBefore = i > 0 && effects.get(i - 1).effect() == Effect.SUCCEEDED
                                && effects.get(i - 1).endpointId().equals(one.endpointId());
                        chain = chain.chain(() -> effect(tx, one, clearedJustBefore));
                    }
                    return chain;
                }));
    }

    private Uni<Void> effect(SqlClient tx, Recorded one, boolean clearedJustBefore) {
        Claimed delivery = one.recording().claimed();
        return switch (one.effect()) {
            case SUCCEEDED -> clearedJustBefore ? Uni.createFrom().voidItem() : deliveries.endpointSucceeded(tx, delivery.endpointId());
            case GONE -> disable(tx, delivery, "the endpoint answered 410 Gone", one.at());
            case FAILED -> failed(tx, delivery, one.at());
        };
    }

    private Uni<Void> failed(SqlClient tx, Claimed delivery, Instant now) {
        return deliveries.endpointFailed(tx, delivery.endpointId(), now).chain(state -> state != null && state.enabled()
                && !now.isBefore(state.failingSince().plus(config.disableAfter()))
                ? disable(tx, delivery, "the endpoint failed every attempt since " + state.failingSince(), now)
                : Uni.createFrom().voidItem());
    }

    private Uni<Void> disable(SqlClient tx, Claimed delivery, String reason, Instant now) {
        LOG.warnf("webhook endpoint %s of customer %s disabled: %s", delivery.endpointId(), delivery.customerId(), reason);
        return deliveries.disable(tx, delivery.endpointId(), reason, now, new WebhookEndpointDisabled(delivery.endpointId(), delivery.customerId(), delivery.url(), reason, now))
                .replaceWithVoid();
    }

    private static Attempt attempt(Claimed delivery, Instant started, Answer answer, int latencyMs, String error, Instant next) {
        return new Attempt(delivery.attempt(), started, answer == null ? null : answer.status(), latencyMs,
                answer == null ? null : answer.excerpt(), error, next);
    }

    /** firstRetry * 2^(attempt-1), at most maxRetry, then +-20 % so that many failed deliveries do not come back together. */
    Duration backoff(int attempt) {
        long first = config.firstRetry().toMillis();
        long exponential = first << Math.min(30, Math.max(0, attempt - 1));
        long capped = Math.min(exponential <= 0 ? Long.MAX_VALUE : exponential, config.maxRetry().toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (capped * jitter));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof io.smallrye.mutiny.TimeoutException) {
            return "no answer in time";
        }
        if (failure instanceof app.reseller.platform.domain.Refusal) {
            return message; // the SSRF guard's refusal
        }
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
