package app.reseller.channel.repository;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Channels. Entity writes are checked by the channel's optimistic version; the one native write
 * below is a single conditional UPDATE that bumps the version too (docs/concurrency.md).
 */
@ApplicationScoped
@WithSession
public class ChannelRepository implements PanacheRepositoryBase<Channel, UUID> {

    private static final List<ChannelState> HOLDING_A_SLOT = java.util.Arrays.stream(ChannelState.values())
            .filter(ChannelState::holdsSlot).toList();

    /** Channels that take one of the plan's slots (queued, being created, live, or being deleted). */
    public Uni<Long> countHoldingSlot(String customerId) {
        return count("customerId = ?1 and state in ?2", customerId, HOLDING_A_SLOT);
    }

    /** Channels of the customer still waiting to be created (queued, or WHAPI being asked): each will take its first days. */
    public Uni<Long> countAwaitingCreation(String customerId) {
        return count("customerId = ?1 and state in ?2", customerId, List.of(ChannelState.QUEUED, ChannelState.CREATING));
    }

    /** A customer's channels that exist, wait in the creation queue, are being created or are being deleted, newest first. */
    public Uni<List<Channel>> listOf(String customerId, int page, int size) {
        return find("customerId = ?1 and state in ?2", Sort.descending("createdAt"), customerId, HOLDING_A_SLOT)
                .page(Page.of(page, size)).list();
    }

    /** Live channels already paid for but still TRIAL at WHAPI (a mode change that has yet to succeed). */
    /** Paid channels still TRIAL at WHAPI that nothing changed since {@code changedBefore}. */
    public Uni<List<Channel>> awaitingLive(java.time.Instant changedBefore, int limit) {
        return find("state = ?1 and paid = true and mode = app.reseller.channel.ChannelMode.TRIAL and updatedAt < ?2",
                ChannelState.ACTIVE, changedBefore).page(Page.ofSize(limit)).list();
    }

    /** The live (not FAILED) channel a create with this Idempotency-Key made, or null. */
    public Uni<Channel> byIdempotencyKey(String customerId, String key) {
        return find("customerId = ?1 and idempotencyKey = ?2 and state <> ?3", customerId, key, ChannelState.FAILED).firstResult();
    }

    /** Channels left in a transition (CREATING, DELETING) since before {@code before}: a crash, or a provider gone. */
    public Uni<List<Channel>> stuckIn(ChannelState state, Instant before, int limit) {
        return find("state = ?1 and updatedAt < ?2", Sort.ascending("updatedAt"), state, before).page(Page.ofSize(limit)).list();
    }

    /** Active channels configured with an older set of WHAPI webhook events than {@code version}. */
    public Uni<List<Channel>> webhooksOlderThan(int version, int limit) {
        return find("state = ?1 and whapiId is not null and webhooksConfigured = true and webhookSettingsVersion < ?2",
                Sort.ascending("createdAt"), ChannelState.ACTIVE, version).page(Page.ofSize(limit)).list();
    }

    /** Every channel that should exist at WHAPI. */
    public Uni<List<Channel>> live() {
        return list("state in ?1 and whapiId is not null", List.of(ChannelState.ACTIVE, ChannelState.PAUSING, ChannelState.PAUSED,
                ChannelState.DELETING));
    }

    /** Ids of every channel we ever created at WHAPI (also deleted ones): what WHAPI may still hold of ours. */
    public Uni<List<String>> knownWhapiIds() {
        return find("whapiId is not null").project(WhapiIdOnly.class).list().map(rows -> rows.stream().map(WhapiIdOnly::whapiId).toList());
    }

    public record WhapiIdOnly(String whapiId) {
    }

    /**
     * A confirmed extension: the channel's new activeTill, and paid (it must be LIVE). One
     * statement, so it cannot lose a concurrent change of other columns; a channel that is no longer
     * live is left alone. @return whether the channel took it
     */
    public Uni<Boolean> recordExtension(UUID id, Instant activeTill, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update channel set active_till = :activeTill, paid = true, version = version + 1, updated_at = :now
                        where id = :id and state in ('ACTIVE', 'PAUSING', 'DELETING')""")
                .setParameter("activeTill", activeTill).setParameter("now", now).setParameter("id", id)
                .executeUpdate().map(n -> n == 1));
    }
}
