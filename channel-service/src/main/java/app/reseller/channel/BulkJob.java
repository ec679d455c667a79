package app.reseller.channel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A bulk action over many channels and how far it got: one item per channel, each with its outcome
 * once done (the channel's state after, or why it was refused).
 *
 * @param customerId whose channels (a customer's own job), or null for an operator's job across customers
 */
public record BulkJob(UUID id, BulkAction action, String customerId, String requestedBy, Instant createdAt, Instant finishedAt,
                      List<Item> items) {

    public enum ItemState { PENDING, RUNNING, DONE, FAILED }

    /** @param outcome the channel's state after (DONE), or the refusal's problem type (FAILED) */
    public record Item(UUID channelId, String name, ItemState state, int attempts, String outcome, String detail, Instant finishedAt) {
    }

    public long count(ItemState state) {
        return items.stream().filter(item -> item.state() == state).count();
    }

    public boolean finished() {
        return finishedAt != null;
    }
}
