package app.reseller.channel;

import java.time.Instant;
import java.util.Set;

/**
 * What an operator's channel list asks for. Every part is optional (null or empty: not asked) and
 * the parts combine: a channel is listed when it matches all of them.
 *
 * @param nameContains  a part of the channel's name, any case
 * @param expiresAfter  paid time ends at or after this
 * @param expiresBefore paid time ends before this (a channel without an end date never matches)
 * @param createdFrom   created at or after this
 * @param createdTo     created before this
 */
public record ChannelFilter(Set<ChannelState> states, ChannelMode mode, String linkStatus, ChannelHealth health,
                            String customerId, String phone, String nameContains,
                            Instant expiresAfter, Instant expiresBefore, Instant createdFrom, Instant createdTo) {

    public ChannelFilter {
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    /** The same filter, narrowed to one customer's channels. */
    public ChannelFilter ofCustomer(String customer) {
        return new ChannelFilter(states, mode, linkStatus, health, customer, phone, nameContains, expiresAfter, expiresBefore,
                createdFrom, createdTo);
    }

    /** The same filter, for channels in these states. */
    public ChannelFilter inStates(Set<ChannelState> only) {
        return new ChannelFilter(only, mode, linkStatus, health, customerId, phone, nameContains, expiresAfter, expiresBefore,
                createdFrom, createdTo);
    }

    /** Every channel that is not deleted: what an operator means by "my channels". */
    public static ChannelFilter notDeleted() {
        return new ChannelFilter(Set.of(ChannelState.QUEUED, ChannelState.CREATING, ChannelState.ACTIVE, ChannelState.PAUSING,
                ChannelState.PAUSED, ChannelState.DELETING, ChannelState.FAILED),
                null, null, null, null, null, null, null, null, null, null);
    }
}
