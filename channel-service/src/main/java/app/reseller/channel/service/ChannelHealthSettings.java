package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.events.StaleWrites;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;

/**
 * A channel's own health thresholds: how long a send may wait for its first status before the
 * channel counts as SILENT (null: the platform's {@code channel.health.silent-after}). Read by the
 * monitor's search on every pass, so a change counts from the next pass.
 */
@ApplicationScoped
public class ChannelHealthSettings {

    /** @param silentAfter the channel's own threshold, or null */
    public record Settings(Duration silentAfter, Duration platformDefault) {
        public Duration effective() {
            return silentAfter == null ? platformDefault : silentAfter;
        }
    }

    private final ChannelRepository channels;
    private final ChannelTrail trail;
    private final ChannelConfig.Health config;
    private final Clock clock;

    public ChannelHealthSettings(ChannelRepository channels, ChannelTrail trail, ChannelConfig config, Clock clock) {
        this.channels = channels;
        this.trail = trail;
        this.config = config.health();
        this.clock = clock;
    }

    public Settings of(Channel channel) {
        return new Settings(channel.silentAfterSeconds == null ? null : Duration.ofSeconds(channel.silentAfterSeconds), config.silentAfter());
    }

    /** Sets the channel's own threshold (null: back to the platform's), with its trail entry. */
    public Uni<Settings> set(Channel channel, Duration silentAfter) {
        return StaleWrites.inTransaction(() -> channels.findById(channel.id).chain(current -> {
            if (current == null) {
                return Uni.createFrom().failure(new NotFound("channel", channel.id));
            }
            Settings before = of(current);
            current.silentAfterSeconds = silentAfter == null ? null : Math.toIntExact(silentAfter.toSeconds());
            current.touch(clock.instant());
            Settings after = of(current);
            return trail.healthSettingsChanged(current, minutes(before.silentAfter()), minutes(after.silentAfter())).replaceWith(after);
        }));
    }

    private static Long minutes(Duration duration) {
        return duration == null ? null : duration.toMinutes();
    }
}
