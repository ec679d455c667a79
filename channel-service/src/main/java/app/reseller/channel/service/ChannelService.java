package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelMode;
import app.reseller.channel.ChannelState;
import app.reseller.channel.client.WhapiChannel;
import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.platform.events.StaleWrites;
import app.reseller.platform.web.Caller;
import app.reseller.platform.domain.NotFound;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Channels as callers read them: one channel (the one ownership check), a customer's list, and a
 * sync with WHAPI. Creating and deleting have their own classes ({@link ChannelCreation},
 * {@link ChannelDeletion}); WHAPI is never called inside a database transaction.
 */
@ApplicationScoped
public class ChannelService {

    private final ChannelRepository channels;
    private final WhapiSettingsService settings;
    private final WhapiManager manager;
    private final ChannelWebhooks webhooks;
    private final Clock clock;
    private final ChannelTrail trail;

    public ChannelService(ChannelRepository channels, WhapiSettingsService settings, WhapiManager manager,
                          ChannelWebhooks webhooks, Clock clock, ChannelTrail trail) {
        this.trail = trail;
        this.channels = channels;
        this.settings = settings;
        this.manager = manager;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /**
     * The channel if the caller may see it: the one ownership check. Another customer's channel is a
     * 404, like a missing one, and so is a channel an API key is not limited to.
     */
    public Uni<Channel> find(Caller caller, UUID id) {
        return find(id).invoke(channel -> caller.mayUseChannel(channel.customerId, id));
    }

    @WithSession
    public Uni<Channel> find(UUID id) {
        return channels.findById(id).onItem().ifNull().failWith(() -> new NotFound("channel", id))
                .onItem().transform(channel -> {
                    if (channel.state == ChannelState.DELETED || channel.state == ChannelState.FAILED) {
                        throw new NotFound("channel", id);
                    }
                    return channel;
                });
    }

    @WithSession
    public Uni<List<Channel>> listOf(String customerId, int page, int size) {
        return channels.listOf(customerId, page, size);
    }

    /** Reads the channel from WHAPI and keeps what it says (activeTill, mode); re-sends missing webhook settings. */
    public Uni<Channel> sync(UUID id) {
        return find(id).chain(channel -> {
            if (!channel.isUsable()) {
                return Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
            }
            return settings.credentials()
                    .chain(credentials -> manager.get(credentials.authorization(), channel.whapiId))
                    // WHAPI no longer knows it: most often a delete that raced this sync
                    .onFailure(WhapiException::isNotFound).recoverWithUni(gone -> find(id).chain(this::requireActive)
                            .chain(stillActive -> Uni.createFrom().<WhapiChannel>failure(gone)))
                    .chain(whapi -> StaleWrites.inTransaction(() -> channels.findById(id).chain(this::requireActive)
                            .call(stored -> {
                                ChannelTrail.Snapshot before = ChannelTrail.Snapshot.of(stored);
                                stored.activeTill = whapi.activeTillInstant() == null ? stored.activeTill : whapi.activeTillInstant();
                                stored.mode = stored.paid ? stored.mode : ChannelMode.fromWhapi(whapi.mode());
                                stored.touch(clock.instant());
                                return trail.changed("syncChannel", stored, before, null);
                            })))
                    .call(stored -> stored.webhooksConfigured ? Uni.createFrom().voidItem() : webhooks.configure(stored));
        });
    }

    /** The channel, if it is still live; a delete that began meanwhile makes it gone for the caller. */
    private Uni<Channel> requireActive(Channel channel) {
        if (channel == null || channel.state == ChannelState.DELETED || channel.state == ChannelState.DELETING) {
            return Uni.createFrom().failure(new NotFound("channel", channel == null ? null : channel.id));
        }
        return channel.state == ChannelState.ACTIVE ? Uni.createFrom().item(channel)
                : Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
    }
}
