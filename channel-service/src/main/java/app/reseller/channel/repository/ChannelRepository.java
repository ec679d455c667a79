package app.reseller.channel.repository;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class ChannelRepository implements PanacheRepositoryBase<Channel, UUID> {

    /** Channels that take one of the plan's slots (being created, or live). */
    public Uni<Long> countHoldingSlot(String customerId) {
        return count("customerId = ?1 and state in ?2", customerId, List.of(ChannelState.CREATING, ChannelState.ACTIVE));
    }

    /** A customer's channels that exist or are being created, newest first. */
    public Uni<List<Channel>> listOf(String customerId, int page, int size) {
        return find("customerId = ?1 and state in ?2", Sort.descending("createdAt"), customerId,
                List.of(ChannelState.CREATING, ChannelState.ACTIVE)).page(Page.of(page, size)).list();
    }

    /** Live channels already paid for but still TRIAL at WHAPI (a mode change that has yet to succeed). */
    public Uni<List<Channel>> awaitingLive(int limit) {
        return find("state = ?1 and paid = true and mode = app.reseller.channel.ChannelMode.TRIAL", ChannelState.ACTIVE)
                .page(Page.ofSize(limit)).list();
    }
}
