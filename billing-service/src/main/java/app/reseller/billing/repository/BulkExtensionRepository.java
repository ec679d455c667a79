package app.reseller.billing.repository;

import static app.reseller.platform.events.Columns.instant;
import static app.reseller.platform.events.Columns.text;
import static app.reseller.platform.events.Columns.whole;

import app.reseller.billing.BulkExtension;
import app.reseller.billing.BulkExtension.Candidate;
import app.reseller.billing.BulkExtension.Item;
import app.reseller.billing.BulkExtension.ItemState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Bulk extensions and the channels they may touch. Runs in the caller's transaction (the current
 * Hibernate Reactive session): a job, its items and every reservation it made commit together.
 */
@ApplicationScoped
public class BulkExtensionRepository {

    private static final String CANDIDATE = """
            select c.channel_id, c.customer_id, c.paused,
                   exists (select 1 from ledger_transfer t where t.channel_id = c.channel_id and t.status = 'RESERVED') as extension_open
            from billing_channel c
            """;

    /** The listed channels billing knows and that are not deleted (in no particular order). */
    public Uni<List<Candidate>> listed(List<String> channelIds) {
        return Panache.getSession().chain(s -> s.createNativeQuery(CANDIDATE + "where c.channel_id in (:ids) and not c.deleted", Tuple.class)
                .setParameter("ids", channelIds).getResultList()).map(rows -> rows.stream().map(BulkExtensionRepository::candidate).toList());
    }

    /**
     * The live channels a filter matches, by customer then channel id, at most {@code limit}:
     * of one customer (or all when null), whose paid time ends before {@code expiresBefore} (or any when null;
     * a channel whose end billing does not know yet never matches a date).
     */
    public Uni<List<Candidate>> matching(String customerId, Instant expiresBefore, int limit) {
        String sql = CANDIDATE + "where not c.deleted"
                + (customerId == null ? "" : " and c.customer_id = :customer")
                + (expiresBefore == null ? "" : " and c.active_till < :before")
                + " order by c.customer_id, c.channel_id limit :limit";
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql, Tuple.class).setParameter("limit", limit);
            if (customerId != null) {
                query.setParameter("customer", customerId);
            }
            if (expiresBefore != null) {
                query.setParameter("before", expiresBefore);
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(BulkExtensionRepository::candidate).toList());
    }

    public Uni<Void> insert(BulkExtension job) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into bulk_extension (id, days, comment, customer_id, requested_by, created_at)
                        values (:id, :days, :comment, :customer, :by, :at)""")
                .setParameter("id", job.id()).setParameter("days", job.days()).setParameter("comment", job.comment())
                .setParameter("customer", job.customerId()).setParameter("by", job.requestedBy()).setParameter("at", job.createdAt())
                .executeUpdate()
                .chain(() -> insertItems(s, job)));
    }

    private static Uni<Void> insertItems(org.hibernate.reactive.mutiny.Mutiny.Session s, BulkExtension job) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (int i = 0; i < job.items().size(); i++) {
            Item item = job.items().get(i);
            int position = i;
            all = all.chain(() -> s.createNativeQuery("""
                            insert into bulk_extension_item (job_id, position, channel_id, customer_id, request_id, skipped)
                            values (:job, :position, :channel, :customer, :request, :skipped)""")
                    .setParameter("job", job.id()).setParameter("position", position).setParameter("channel", item.channelId())
                    .setParameter("customer", item.customerId()).setParameter("request", item.requestId())
                    .setParameter("skipped", item.state() == ItemState.SKIPPED ? item.detail() : null)
                    .executeUpdate().replaceWithVoid());
        }
        return all;
    }

    /**
     * The job with each item's progress read from its reservation: RESERVED is pending, CONFIRMED
     * done, RELEASED failed (with the reason of the release, its idempotency key being "release:" and
     * the request id). Null when there is no such job.
     */
    public Uni<BulkExtension> find(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select days, comment, customer_id, requested_by, created_at from bulk_extension where id = :id", Tuple.class)
                .setParameter("id", id).getResultList()
                .chain(jobs -> jobs.isEmpty() ? Uni.createFrom().<BulkExtension>nullItem() : s.createNativeQuery("""
                                select i.channel_id, i.customer_id, i.request_id, i.skipped, t.status, r.reason as released_because
                                from bulk_extension_item i
                                left join ledger_transfer t on t.request_id = i.request_id
                                left join ledger_transfer r on r.idempotency_key = 'release:' || i.request_id::text
                                where i.job_id = :id order by i.position""", Tuple.class)
                        .setParameter("id", id).getResultList()
                        .map(items -> {
                            Tuple job = jobs.get(0);
                            return new BulkExtension(id, (int) whole(job, "days"), text(job, "comment"), text(job, "customer_id"),
                                    text(job, "requested_by"), instant(job, "created_at"),
                                    items.stream().map(BulkExtensionRepository::item).toList());
                        })));
    }

    private static Candidate candidate(Tuple row) {
        return new Candidate(text(row, "channel_id"), text(row, "customer_id"), Boolean.TRUE.equals(row.get("paused")),
                Boolean.TRUE.equals(row.get("extension_open")));
    }

    private static Item item(Tuple row) {
        UUID request = row.get("request_id", UUID.class);
        String skipped = text(row, "skipped");
        if (request == null) {
            return new Item(text(row, "channel_id"), text(row, "customer_id"), ItemState.SKIPPED, null, skipped);
        }
        String status = text(row, "status");
        ItemState state = "CONFIRMED".equals(status) ? ItemState.DONE : "RELEASED".equals(status) ? ItemState.FAILED : ItemState.PENDING;
        return new Item(text(row, "channel_id"), text(row, "customer_id"), state, request,
                state == ItemState.FAILED ? text(row, "released_because") : null);
    }
}
