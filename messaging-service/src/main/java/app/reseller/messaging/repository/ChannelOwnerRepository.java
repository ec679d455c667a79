package app.reseller.messaging.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which customer owns each channel, as channel-service announced it (ChannelCreated): channel events
 * that do not name their customer reach the owner through it. Runs in the caller's session.
 */
@ApplicationScoped
public class ChannelOwnerRepository {

    public Uni<Void> remember(String channelId, String customerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into channel_owner (channel_id, customer_id) values (:channel, :customer)
                        on conflict (channel_id) do update set customer_id = excluded.customer_id""")
                .setParameter("channel", channelId).setParameter("customer", customerId)
                .executeUpdate()).replaceWithVoid();
    }

    /** The channel's owner, or null when the channel was never announced. */
    public Uni<String> ownerOf(String channelId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select customer_id from channel_owner where channel_id = :channel",
                        String.class).setParameter("channel", channelId).getResultList())
                .map(owners -> owners.isEmpty() ? null : owners.get(0));
    }
}
