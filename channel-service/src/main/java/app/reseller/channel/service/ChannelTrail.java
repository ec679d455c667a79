package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelMessage;
import app.reseller.channel.ChannelMode;
import app.reseller.channel.ChannelState;
import app.reseller.platform.events.activity.ActivityLog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * The channel writes' entries in the activity trail (docs/operators.md "Activity trail"), named as
 * the public API names the operations. A channel is shown by {@link Snapshot}: never its token, its
 * webhook secret or its phone number.
 */
@ApplicationScoped
public class ChannelTrail {

    /** What the trail shows of a channel, before and after a change. */
    public record Snapshot(UUID id, String name, ChannelState state, ChannelMode mode, String linkStatus, Instant activeTill, boolean paid) {
        public static Snapshot of(Channel c) {
            return c == null ? null : new Snapshot(c.id, c.name, c.state, c.mode, c.linkStatus, c.activeTill, c.paid);
        }
    }

    private final ActivityLog activity;

    public ChannelTrail(ActivityLog activity) {
        this.activity = activity;
    }

    /** In the current transaction, beside the change it records. */
    public Uni<Void> changed(String action, Channel channel, Snapshot before, String reason) {
        return activity.record(action, channel.customerId, target(channel), reason, before, Snapshot.of(channel));
    }

    /** An action whose effect is at WHAPI (restart, logout, a pairing code): its own transaction, once WHAPI said yes. */
    public Uni<Void> actedAtWhapi(String action, Channel channel) {
        return activity.recordOnItsOwn(action, channel.customerId, target(channel), null, null, Snapshot.of(channel));
    }

    /** A change of the platform's own settings (no customer's data), in the current transaction. */
    public Uni<Void> settingsChanged(String action, String target, Object before, Object after) {
        return activity.record(action, null, target, null, before, after);
    }

    /** A platform-wide action a person asked for (a connection test, a reconciliation): its outcome, on its own. */
    public Uni<Void> platformActed(String action, String target, Object outcome) {
        return activity.recordOnItsOwn(action, null, target, null, null, outcome);
    }

    /** A channel's own health threshold (minutes; null: the platform's). */
    public record HealthSettingsShown(Long silentAfterMinutes) {
    }

    /** A channel's health thresholds changed, in the current transaction. */
    public Uni<Void> healthSettingsChanged(Channel channel, Long beforeMinutes, Long afterMinutes) {
        return activity.record("setChannelHealthSettings", channel.customerId, target(channel), null,
                new HealthSettingsShown(beforeMinutes), new HealthSettingsShown(afterMinutes));
    }

    /** What the trail shows of a bulk job when it is accepted (each channel's own action leaves its own entry). */
    public record JobShown(UUID id, app.reseller.channel.BulkAction action, int channels) {
    }

    /** A bulk job accepted, in the reactive pool's transaction {@code tx} that stores it. */
    public Uni<Void> jobStarted(io.vertx.mutiny.sqlclient.SqlClient tx, UUID jobId, app.reseller.channel.BulkAction action,
                                String customerId, int channels) {
        return activity.record(tx, "startBulkChannelJob", customerId, "JOB:" + jobId, null, null, new JobShown(jobId, action, channels));
    }

    /** What the trail shows of a message sent through a channel: never its text, media or recipient. */
    public record MessageShown(UUID id, UUID channelId, String kind, String status) {
    }

    /** A message stored to be sent, in the reactive pool's transaction {@code tx} that stores it. */
    public Uni<Void> messageSent(io.vertx.mutiny.sqlclient.SqlClient tx, ChannelMessage m) {
        return activity.record(tx, "sendChannelMessage", m.customerId(), "CHANNEL:" + m.channelId(), null, null,
                new MessageShown(m.id(), m.channelId(), m.kind(), m.status()));
    }

    private static String target(Channel channel) {
        return "CHANNEL:" + channel.id;
    }
}
