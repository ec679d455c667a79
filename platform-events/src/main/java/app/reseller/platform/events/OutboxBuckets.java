package app.reseller.platform.events;

/**
 * Aggregates are spread over a fixed number of buckets. A relay publishes a bucket's rows only
 * while it holds that bucket's advisory lock, so two replicas never publish one aggregate's events
 * at the same time (which could reorder them) yet different buckets relay in parallel.
 * Changing {@link #COUNT} requires that the outbox is drained first.
 */
final class OutboxBuckets {

    static final int COUNT = 16;
    /** First key of the two-key advisory locks, so ours never collide with another feature's. */
    static final int LOCK_NAMESPACE = 0x0B0C;

    private OutboxBuckets() {
    }

    static int of(String aggregateId) {
        return Math.floorMod(aggregateId.hashCode(), COUNT);
    }
}
