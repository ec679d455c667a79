package app.reseller.channel.repository;

import app.reseller.channel.ExtensionRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class ExtensionRequestRepository implements PanacheRepositoryBase<ExtensionRequest, UUID> {

    private static final String INSERT = """
            insert into extension_request (request_id, channel_id, customer_id, days, comment, state)
            values (:requestId, :channelId, :customerId, :days, :comment, 'PENDING')
            on conflict (request_id) do nothing
            """;

    /*
     * Claims due requests for this executor: PENDING ones whose time has come, and CALLING ones whose
     * executor vanished (lease expired). SKIP LOCKED lets several replicas claim side by side without
     * taking the same row; the lease keeps a claimed row away from the others while WHAPI is called.
     */
    private static final String CLAIM = """
            update extension_request set state = 'CALLING', lease_until = now() + make_interval(secs => :leaseSeconds),
                   updated_at = now()
            where request_id in (
                select request_id from extension_request
                where (state = 'PENDING' and next_attempt_at <= now()) or (state = 'CALLING' and lease_until < now())
                order by next_attempt_at
                limit :limit
                for update skip locked)
            returning request_id
            """;

    /** Stores the request once; a second delivery of the same requestId changes nothing. @return true when new */
    public Uni<Boolean> insertOnce(UUID requestId, UUID channelId, String customerId, int days, String comment) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("requestId", requestId)
                .setParameter("channelId", channelId)
                .setParameter("customerId", customerId)
                .setParameter("days", days)
                .setParameter("comment", comment)
                .executeUpdate()
                .map(inserted -> inserted == 1));
    }

    @SuppressWarnings("unchecked")
    public Uni<List<UUID>> claimDue(int limit, Duration lease) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM, UUID.class)
                .setParameter("leaseSeconds", (double) lease.toSeconds())
                .setParameter("limit", limit)
                .getResultList());
    }
}
