package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.client.WhapiGate;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelHealthRepository;
import app.reseller.platform.domain.ProviderFault;
import app.reseller.platform.events.JobLease;
import app.reseller.platform.events.WaitedForAtShutdown;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.secrets.Secrets;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Watches the channels that are not healthy (one runner across replicas): polls WHAPI's
 * {@code GET /health} for them (a lost webhook must not leave a channel looking stuck or fine),
 * marks a channel STUCK once it has been starting or failed for channel.health.stuck-after, and
 * marks a linked channel SILENT when a message sent through it got no status within
 * channel.health.silent-after (WHAPI's "connected" is not trusted alone), and restarts a stuck or
 * silent channel at WHAPI automatically: once per back-off step (1 min, 2 min, 4 min, ...) and at
 * most channel.health.max-restarts times until it is healthy again. Probes the worker of each idle
 * linked channel every channel.health.probe-every (an unanswered probe is evidence a status webhook
 * cannot give). Publishes each channel's verdict and time in it as metrics.
 */
@ApplicationScoped
public class ChannelHealthMonitor {

    private static final Logger LOG = Logger.getLogger(ChannelHealthMonitor.class);

    /** One pass: what it did. */
    public record Outcome(int polled, int markedStuck, int markedSilent, int restarted) {
    }

    /** A probe's outcome: answered (with WHAPI's status), unanswered, or refused (proves nothing either way). */
    private record Probe(UUID channelId, String customerId, Instant sentAt, Answer answer, String status) {
        enum Answer { ANSWERED, UNANSWERED, REFUSED }
    }

    private final ChannelHealthRepository health;
    private final ChannelService channels;
    private final ChannelControl control;
    private final WhapiGate gate;
    private final SecretBox secrets;
    private final JobLease leases;
    private final ChannelConfig.Health config;
    private final Clock clock;
    private final MeterRegistry metrics;

    public ChannelHealthMonitor(ChannelHealthRepository health, ChannelService channels, ChannelControl control, WhapiGate gate,
                                SecretBox secrets, JobLease leases, ChannelConfig config, MeterRegistry metrics, Clock clock) {
        this.health = health;
        this.channels = channels;
        this.control = control;
        this.gate = gate;
        this.secrets = secrets;
        this.leases = leases;
        this.config = config.health();
        this.clock = clock;
        this.metrics = metrics;
    }

    @WaitedForAtShutdown
    @Scheduled(identity = "channel-health", every = "{channel.health.check-every}", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return leases.runIfHeld("channel-health", config.checkEvery().multipliedBy(2), this::runOnce)
                .onFailure().invoke(e -> LOG.warnf("channel health run failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<Outcome> runOnce() {
        return health.notHealthy()
                .chain(ids -> each(ids, this::poll))
                .chain(polled -> health.markStuck(clock.instant().minus(config.stuckAfter()), clock.instant())
                        .chain(stuck -> health.markSilent(config.silentAfter(), clock.instant())
                                .chain(silent -> health.restartsDue(clock.instant(), config.maxRestarts())
                                        .chain(due -> each(due, this::restart))
                                        .map(restarted -> new Outcome(polled, stuck, silent, restarted)))));
    }

    /** WHAPI's own word on a channel that is not healthy: its status goes through the state machine. */
    private Uni<Boolean> poll(UUID channelId) {
        return channels.find(channelId).chain(channel -> {
            Instant asked = clock.instant(); // WHAPI's answer is as of this moment, not of its arrival
            return gate.health(Secrets.bearer(secrets.open(Channel.TOKEN_PURPOSE, channel.tokenSealed)))
                    .map(answer -> answer.path("status").path("text").asText(null))
                    .chain(status -> status == null ? Uni.createFrom().item(false)
                            : health.observe(channelId, channel.customerId, status, "health-poll", asked, clock.instant()));
        });
    }

    /**
     * The active probe: asks the worker of each idle linked channel (and of each the probe itself made
     * SILENT) for its health. An answer forgets the failures and ends a silence the probe decided; the
     * probe-failures-th unanswered one in a row makes the channel SILENT. When every probe of a pass
     * (two or more) went unanswered, WHAPI's gate is down for everyone: nothing is counted, since
     * restarting every channel would not bring WHAPI back. @return how many it made SILENT
     */
    @WaitedForAtShutdown
    @Scheduled(identity = "channel-probe", every = "{channel.health.check-every}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probeTick() {
        return leases.runIfHeld("channel-probe", config.checkEvery().multipliedBy(2), this::probeOnce)
                .onFailure().invoke(e -> LOG.warnf("channel probe pass failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<Integer> probeOnce() {
        Instant now = clock.instant();
        Instant quietSince = now.minus(config.probeEvery());
        return health.dueForProbe(quietSince, config.probeBatch())
                .chain(ids -> Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(this::probe).collect().asList())
                .chain(probes -> {
                    boolean outage = probes.size() >= 2 && probes.stream().noneMatch(p -> p.answer() == Probe.Answer.ANSWERED);
                    if (outage) {
                        LOG.warnf("WHAPI's gate answered none of %d probes: an outage, not %d silent channels; nothing counted",
                                probes.size(), probes.size());
                    }
                    return Multi.createFrom().iterable(probes)
                            .onItem().transformToUniAndConcatenate(p -> settle(p, outage, quietSince).onFailure().recoverWithItem(failure -> {
                                LOG.infof("channel %s: probe not recorded, the next pass probes it again: %s", p.channelId(), failure.toString());
                                return false;
                            }))
                            .filter(silenced -> silenced).collect().asList().map(List::size);
                });
    }

    private Uni<Probe> probe(UUID channelId) {
        return channels.find(channelId).chain(channel -> {
            Instant sentAt = clock.instant();
            return gate.probe(Secrets.bearer(secrets.open(Channel.TOKEN_PURPOSE, channel.tokenSealed)))
                    .map(answer -> {
                        probes("answered");
                        return new Probe(channelId, channel.customerId, sentAt, Probe.Answer.ANSWERED,
                                answer.path("status").path("text").asText(null));
                    })
                    .onFailure().recoverWithItem(failure -> {
                        boolean refused = failure instanceof ProviderFault fault && fault.outcome() == ProviderFault.Outcome.REFUSED;
                        probes(refused ? "refused" : "unanswered");
                        return new Probe(channelId, channel.customerId, sentAt, refused ? Probe.Answer.REFUSED : Probe.Answer.UNANSWERED,
                                null);
                    });
        });
    }

    private Uni<Boolean> settle(Probe probe, boolean outage, Instant quietSince) {
        Instant now = clock.instant();
        return switch (probe.answer()) {
            case ANSWERED -> {
                // a status other than AUTH goes through the state machine like any report of WHAPI's
                Uni<Boolean> observed = probe.status() == null || "AUTH".equals(probe.status()) ? Uni.createFrom().item(false)
                        : health.observe(probe.channelId(), probe.customerId(), probe.status(), "probe", probe.sentAt(), now);
                yield observed.chain(() -> health.probeAnswered(probe.channelId(), probe.sentAt(), now)).replaceWith(false);
            }
            case REFUSED -> health.probeInconclusive(probe.channelId(), probe.sentAt()).replaceWith(false);
            case UNANSWERED -> outage ? Uni.createFrom().item(false)
                    : health.probeFailed(probe.channelId(), probe.sentAt(), quietSince, now, config.probeFailures())
                    .invoke(silenced -> {
                        if (silenced) {
                            LOG.warnf("channel %s: its worker answered none of %d probes in a row while WHAPI says AUTH: SILENT",
                                    probe.channelId(), config.probeFailures());
                        }
                    });
        };
    }

    private void probes(String outcome) {
        metrics.counter("channel.health.probes", "outcome", outcome).increment();
    }

    private Uni<Boolean> restart(UUID channelId) {
        return health.takeRestart(channelId, clock.instant(), config.restartBackoff(), config.maxRestarts())
                .chain(restart -> restart == null ? Uni.createFrom().item(false)
                        : channels.find(channelId).chain(control::restart)
                        .invoke(() -> LOG.warnf("channel %s was stuck or silent: automatic restart %d of %d", channelId, restart, config.maxRestarts()))
                        .replaceWith(true));
    }

    private static Uni<Integer> each(List<UUID> ids, java.util.function.Function<UUID, Uni<Boolean>> work) {
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> work.apply(id).onFailure().recoverWithItem(failure -> {
                    LOG.infof("channel %s: health step failed, next run tries again: %s", id, failure.toString());
                    return false;
                }))
                .filter(done -> done).collect().asList().map(List::size);
    }
}
