package app.reseller.billing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Many channels extended at once: one reserved extension per channel, each then settled by its own
 * saga (ChannelExtended confirms it, ChannelExtensionFailed releases it), or the reason a channel was
 * left out. Its progress is read from the reservations, so nothing here is written twice.
 *
 * @param customerId the filter's customer, or null (listed channels, or a filter across customers)
 */
public record BulkExtension(UUID id, int days, String comment, String customerId, String requestedBy, Instant createdAt,
                            List<Item> items) {

    /** SKIPPED: left out when accepted; PENDING: reserved, WHAPI not yet done; DONE: confirmed; FAILED: released. */
    public enum ItemState { SKIPPED, PENDING, DONE, FAILED }

    /**
     * @param requestId the extension reserved for the channel (null when skipped)
     * @param detail    why it was skipped (a refusal's type) or why WHAPI did not extend it
     */
    public record Item(String channelId, String customerId, ItemState state, UUID requestId, String detail) {
    }

    /** A channel the job could extend, as billing knows it when the job is asked for. */
    public record Candidate(String channelId, String customerId, boolean paused, boolean extensionOpen) {

        /** Why this channel is left out (the refusal type its own extension would meet), or null. */
        public String leftOutBecause() {
            if (paused) {
                return "channel-paused"; // resuming it extends it
            }
            return extensionOpen ? "extension-in-progress" : null;
        }
    }

    public long count(ItemState state) {
        return items.stream().filter(item -> item.state() == state).count();
    }

    public boolean finished() {
        return items.stream().noneMatch(item -> item.state() == ItemState.PENDING);
    }
}
