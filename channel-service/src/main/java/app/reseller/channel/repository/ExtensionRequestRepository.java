package app.reseller.channel.repository;

import app.reseller.channel.ExtensionRequest;
import app.reseller.platform.events.TraceParent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Extension requests. Every state change after the claim is a compare-and-set on the claim token
 * (and state CALLING): the fence that keeps a worker whose lease was taken over from changing a row
 * it no longer owns. Each write bumps {@code version}, so entity writes on stale reads fail too.
 */
@ApplicationScoped
@WithSession
public class ExtensionRequestRepository implements PanacheRepositoryBase<ExtensionRequest, UUID> {

    private static final String INSERT = """
            insert into extension_request (request_id, channel_id, customer_id, days, comment, state, next_attempt_at, traceparent)
            values (:requestId, :channelId, :customerId, :days, :comment, 'PENDING', :now, :traceparent)
            on conflict (request_id) do nothing
            """;

    /*
     * Claims due requests for this executor: PENDING ones whose time has come, and CALLING ones whose
     * holder vanished (lease expired). SKIP LOCKED lets several replicas claim side by side without
     * taking the same row; the new claim token fences out whoever held the row before.
     */
    private static final String CLAIM = """
            update extension_request set state = 'CALLING', claim_token = gen_random_uuid(), version = version + 1,
                   lease_until = :until, updated_at = :now
            where request_id in (
                select request_id from extension_request
                where (state = 'PENDING' and next_attempt_at <= :now) or (state = 'CALLING' and lease_until < :now)
                order by next_attempt_at
                limit :limit
                for update skip locked)
            returning request_id, claim_token
            """;

    /* A delete takes over the channel's open requests that may have reached WHAPI, to settle them itself. */
    private static final String TAKE_OVER_STARTED = """
            update extension_request set state = 'CALLING', claim_token = gen_random_uuid(), version = version + 1,
                   lease_until = :until, updated_at = :now
            where channel_id = :channel and state in ('PENDING', 'CALLING') and call_started_at is not null
            returning request_id, claim_token
            """;

    private static final String FENCE = " where request_id = :id and claim_token = :token and state = 'CALLING'";

    /** A claim on one request: its id and the token that fences every write of the claim's holder. */
    public record Claim(UUID requestId, UUID token) {
    }

    /** Stores the request once; a second delivery of the same requestId changes nothing. @return true when new */
    public Uni<Boolean> insertOnce(UUID requestId, UUID channelId, String customerId, int days, String comment, Instant now) {
        return run(session -> session.createNativeQuery(INSERT)
                .setParameter("requestId", requestId)
                .setParameter("channelId", channelId)
                .setParameter("customerId", customerId)
                .setParameter("days", days)
                .setParameter("comment", comment)
                .setParameter("now", now)
                .setParameter("traceparent", TraceParent.current())
                .executeUpdate()
                .map(inserted -> inserted == 1));
    }

    public Uni<List<Claim>> claimDue(int limit, Duration lease, Instant now) {
        return run(session -> session.createNativeQuery(CLAIM, Tuple.class)
                .setParameter("until", now.plus(lease))
                .setParameter("limit", limit)
                .setParameter("now", now)
                .getResultList()
                .map(ExtensionRequestRepository::claims));
    }

    public Uni<List<Claim>> takeOverStarted(UUID channelId, Duration lease, Instant now) {
        return run(session -> session.createNativeQuery(TAKE_OVER_STARTED, Tuple.class)
                .setParameter("channel", channelId)
                .setParameter("until", now.plus(lease))
                .setParameter("now", now)
                .getResultList()
                .map(ExtensionRequestRepository::claims));
    }

    /** The request, if the claim still holds it (null otherwise: someone took it over). */
    public Uni<ExtensionRequest> held(Claim claim) {
        return find("requestId = ?1 and claimToken = ?2 and state = ?3", claim.requestId(), claim.token(),
                ExtensionRequest.State.CALLING).firstResult();
    }

    /** Extends the claim's lease, so a slow batch keeps what it is still working on. */
    public Uni<Boolean> renew(Claim claim, Duration lease, Instant now) {
        return fenced(claim, "lease_until = :until, updated_at = :now", now,
                Map.of("until", now.plus(lease)));
    }

    /**
     * Commits "call started" and activeTill before the call, once: a request whose call has started
     * keeps its first activeTillBefore, and from then on is only ever verified. Only while the channel
     * is ACTIVE, under a share lock of its row: a pause or a delete (ACTIVE -> PAUSING/DELETING, an
     * update of that row) then either waits for this commit and takes the started call over, or has
     * committed first and this answers false, so no extend goes out. Without the lock an executor that
     * read ACTIVE before the pause could start its call after the pause looked for started calls, and
     * the extend landed on the stopped channel (PauseRacesTest caught it in CI: 3 partner days nobody
     * accounted for).
     */
    public Uni<Boolean> markCallStarted(Claim claim, Instant activeTillBefore, Instant now) {
        return run(session -> session.createNativeQuery("update extension_request set call_started_at = :now, "
                        + "active_till_before = coalesce(active_till_before, :before), version = version + 1, updated_at = :now"
                        + FENCE + " and call_started_at is null and exists (select 1 from channel c"
                        + " where c.id = extension_request.channel_id and c.state = 'ACTIVE' for share of c)")
                .setParameter("id", claim.requestId()).setParameter("token", claim.token())
                .setParameter("now", now).setParameter("before", activeTillBefore)
                .executeUpdate().map(n -> n == 1));
    }

    public Uni<Boolean> markExtended(Claim claim, Instant activeTillAfter, Instant now) {
        return fenced(claim, "state = 'EXTENDED', active_till_after = :after, lease_until = null, claim_token = null, "
                + "updated_at = :now", now, Map.of("after", activeTillAfter));
    }

    public Uni<Boolean> markFailed(Claim claim, String reason, Instant now) {
        return fenced(claim, "state = 'FAILED', last_error = :error, lease_until = null, claim_token = null, updated_at = :now",
                now, Map.of("error", reason));
    }

    /**
     * Gives the claim back: the request waits until {@code nextAttemptAt}. {@code countAttempt} for a
     * failure (not for WHAPI's extend block); {@code provenNotApplied} clears "call started" (and
     * the activeTill recorded for it): WHAPI's activeTill showed the extend did not happen.
     */
    public Uni<Boolean> release(Claim claim, Instant nextAttemptAt, boolean countAttempt, boolean provenNotApplied,
                                String error, Instant now) {
        String cleared = provenNotApplied ? "call_started_at = null, active_till_before = null, " : "";
        return fenced(claim, cleared + "state = 'PENDING', next_attempt_at = :next, attempts = attempts + :counted, "
                + "last_error = :error, lease_until = null, claim_token = null, updated_at = :now", now,
                Map.of("next", nextAttemptAt, "counted", countAttempt ? 1 : 0, "error", error));
    }

    /**
     * Fails, in the caller's transaction, every open request of the channel whose call never started
     * (nothing reached WHAPI): a claim on one of them is fenced out by the cleared token.
     * @return the failed requests' ids
     */
    @SuppressWarnings("unchecked")
    public Uni<List<UUID>> failUnstarted(UUID channelId, String reason, Instant now) {
        return run(session -> session.createNativeQuery("""
                        update extension_request set state = 'FAILED', last_error = :error, lease_until = null,
                               claim_token = null, version = version + 1, updated_at = :now
                        where channel_id = :channel and state in ('PENDING', 'CALLING') and call_started_at is null
                        returning request_id""", UUID.class)
                .setParameter("channel", channelId).setParameter("error", reason).setParameter("now", now)
                .getResultList());
    }

    /** When the channel's latest open call to WHAPI started (null: none is open): it may land until the settle window has passed. */
    public Uni<Instant> latestOpenCallStart(UUID channelId) {
        return find("channelId = ?1 and state = ?2 and callStartedAt is not null order by callStartedAt desc", channelId,
                ExtensionRequest.State.CALLING).firstResult().map(request -> request == null ? null : request.callStartedAt);
    }

    /**
     * The channels with an extend call started and not settled (its answer pending, lost, or being verified): WHAPI may
     * hold its days already while our activeTill does not yet, so the two may differ without either being wrong.
     */
    @SuppressWarnings("unchecked")
    public Uni<java.util.Set<UUID>> channelsWithOpenCall() {
        return run(session -> session.createNativeQuery("""
                        select distinct channel_id from extension_request
                        where state in ('PENDING', 'CALLING') and call_started_at is not null""", UUID.class)
                .getResultList()).map(java.util.Set::copyOf);
    }

    public Uni<Long> countOpen(UUID channelId) {
        return count("channelId = ?1 and state in ?2", channelId,
                List.of(ExtensionRequest.State.PENDING, ExtensionRequest.State.CALLING));
    }

    /** One UPDATE of the claim's row, only while the claim still holds it. @return whether it did */
    private Uni<Boolean> fenced(Claim claim, String set, Instant now, Map<String, Object> parameters) {
        return run(session -> {
            var query = session.createNativeQuery("update extension_request set " + set + ", version = version + 1" + FENCE)
                    .setParameter("id", claim.requestId()).setParameter("token", claim.token()).setParameter("now", now);
            for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
                query = query.setParameter(parameter.getKey(), parameter.getValue());
            }
            return query.executeUpdate().map(n -> n == 1);
        });
    }

    private static List<Claim> claims(List<Tuple> rows) {
        return rows.stream().map(row -> new Claim(row.get("request_id", UUID.class), row.get("claim_token", UUID.class))).toList();
    }

    private static <T> Uni<T> run(Function<Mutiny.Session, Uni<T>> work) {
        return Panache.getSession().chain(work::apply);
    }
}
