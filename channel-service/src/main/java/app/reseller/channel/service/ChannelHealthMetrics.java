package app.reseller.channel.service;

import app.reseller.channel.ChannelHealth;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelHealthRepository;
import app.reseller.channel.repository.ChannelHealthRepository.Current;
import app.reseller.platform.events.WaitedForAtShutdown;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The active channels' health as metrics, refreshed from the database by <em>every</em> pod: the
 * monitor's pass runs on one pod (its lease), and a pod that once held it must not go on serving
 * the verdicts of then. Per channel ({@code channel_health}, {@code channel_health_time_in_state_seconds})
 * for looking one up; and counts that are always there, even with no channel, which the alerts read
 * ({@code channel_health_channels{health}}, {@code channel_health_restarts_spent}: deploy/README.md, "Alerts").
 */
@ApplicationScoped
public class ChannelHealthMetrics {

    private static final Logger LOG = Logger.getLogger(ChannelHealthMetrics.class);

    private final ChannelHealthRepository health;
    private final ChannelConfig.Health config;
    private final Clock clock;
    private final MultiGauge verdicts;
    private final MultiGauge timeInState;
    private final Map<ChannelHealth, AtomicLong> channelsByHealth = new EnumMap<>(ChannelHealth.class);
    private final AtomicLong restartsSpent = new AtomicLong();

    public ChannelHealthMetrics(ChannelHealthRepository health, ChannelConfig config, MeterRegistry metrics, Clock clock) {
        this.health = health;
        this.config = config.health();
        this.clock = clock;
        this.verdicts = MultiGauge.builder("channel.health").description("1 for each active channel's health verdict").register(metrics);
        this.timeInState = MultiGauge.builder("channel.health.time.in.state").baseUnit("seconds")
                .description("how long each active channel has had its WHAPI status").register(metrics);
        for (ChannelHealth verdict : ChannelHealth.values()) {
            AtomicLong count = new AtomicLong();
            channelsByHealth.put(verdict, count);
            Gauge.builder("channel.health.channels", count, AtomicLong::get).tag("health", verdict.name())
                    .description("active channels with this health verdict").register(metrics);
        }
        Gauge.builder("channel.health.restarts.spent", restartsSpent, AtomicLong::get)
                .description("active channels STUCK or SILENT whose automatic restarts are spent: a person looks").register(metrics);
    }

    @WaitedForAtShutdown
    @Scheduled(identity = "channel-health-metrics", every = "{channel.health.check-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return refresh().onFailure().invoke(e -> LOG.warnf("channel health metrics not refreshed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    public Uni<Void> refresh() {
        return health.allActive().invoke(this::publish).replaceWithVoid();
    }

    private void publish(List<Current> all) {
        Instant now = clock.instant();
        verdicts.register(all.stream().map(c -> MultiGauge.Row.of(Tags.of("channel", c.channelId().toString(), "health",
                c.health().name(), "status", c.status()), 1)).toList(), true);
        timeInState.register(all.stream().map(c -> MultiGauge.Row.of(Tags.of("channel", c.channelId().toString()),
                Math.max(0, Duration.between(c.since(), now).toSeconds()))).toList(), true);
        channelsByHealth.forEach((verdict, count) -> count.set(all.stream().filter(c -> c.health() == verdict).count()));
        restartsSpent.set(all.stream().filter(c -> (c.health() == ChannelHealth.STUCK || c.health() == ChannelHealth.SILENT)
                && c.restarts() >= config.maxRestarts()).count());
    }
}
