package app.reseller.billing.repository;

import static app.reseller.platform.events.Columns.text;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Billing's replica of the customers' channels (from channel.events). */
@ApplicationScoped
public class BillingChannelRepository {

    public Uni<Void> upsert(String channelId, String customerId, Instant activeTill) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into billing_channel (channel_id, customer_id, active_till) values (:channel, :customer, :till)
                        on conflict (channel_id) do update set active_till = coalesce(excluded.active_till, billing_channel.active_till),
                                                               updated_at = now()""")
                .setParameter("channel", channelId).setParameter("customer", customerId).setParameter("till", activeTill)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> setActiveTill(String channelId, Instant activeTill) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update billing_channel set active_till = :till, updated_at = now() where channel_id = :channel")
                .setParameter("till", activeTill).setParameter("channel", channelId).executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> markDeleted(String channelId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update billing_channel set deleted = true, updated_at = now() where channel_id = :channel")
                .setParameter("channel", channelId).executeUpdate()).replaceWithVoid();
    }

    /** Paused (ChannelPaused) or running again (ChannelResumed): the automatic top-up skips a paused channel. */
    public Uni<Void> setPaused(String channelId, boolean paused) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update billing_channel set paused = :paused, updated_at = now() where channel_id = :channel")
                .setParameter("paused", paused).setParameter("channel", channelId).executeUpdate()).replaceWithVoid();
    }

    /** A live channel's owner, and whether an extension of it is open (reserved, not settled). */
    public record OwnerAndOpenExtension(String customerId, boolean extensionOpen) {
    }

    public Uni<OwnerAndOpenExtension> ownerAndOpenExtension(String channelId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        select c.customer_id, exists (select 1 from ledger_transfer t where t.channel_id = c.channel_id
                                                      and t.status = 'RESERVED') as extension_open
                        from billing_channel c where c.channel_id = :channel and not c.deleted""", Tuple.class)
                .setParameter("channel", channelId).getResultList()
                .map(rows -> rows.isEmpty() ? null : new OwnerAndOpenExtension(text(rows.get(0), "customer_id"),
                        Boolean.TRUE.equals(rows.get(0).get("extension_open")))));
    }

    /** The owner of a live channel, or null. */
    public Uni<String> ownerOfLive(String channelId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select customer_id from billing_channel where channel_id = :channel and not deleted", String.class)
                .setParameter("channel", channelId).getResultList().map(rows -> rows.isEmpty() ? null : rows.get(0)));
    }

    /**
     * Live, running (not paused) channels of AUTOMATIC customers with an ACTIVE subscription whose
     * activeTill is unknown or nearer than the lead time, and that have no open extension request.
     */
    public Uni<List<String>> dueForAutoTopUp(Instant horizon, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        select c.channel_id from billing_channel c
                        join customer_settings m on m.customer_id = c.customer_id and m.allocation_mode = 'AUTOMATIC'
                        join subscription sub on sub.customer_id = c.customer_id and sub.status = 'ACTIVE'
                        where not c.deleted and not c.paused and (c.active_till is null or c.active_till < :horizon)
                          and not exists (select 1 from ledger_transfer t where t.channel_id = c.channel_id and t.status = 'RESERVED')
                        order by c.active_till nulls first limit :limit""", String.class)
                .setParameter("horizon", horizon).setParameter("limit", limit).getResultList());
    }

    /**
     * Takes the transaction-scoped advisory lock {@code key} if no other transaction holds it: one
     * replica's scheduler at a time; false when another holds it. Released when the transaction ends.
     */
    public Uni<Boolean> tryTransactionLock(long key) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select pg_try_advisory_xact_lock(:key)", Boolean.class)
                .setParameter("key", key).getSingleResult());
    }
}
