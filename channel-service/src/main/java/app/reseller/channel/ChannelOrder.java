package app.reseller.channel;

/**
 * How an operator's channel list is sorted; ties are broken by the channel id, so every order is
 * total and a cursor names exactly where the next page starts.
 */
public enum ChannelOrder {
    /** The end of the paid time, soonest first; channels without one (being created, failed) last. */
    EXPIRES,
    /** Newest first. */
    CREATED,
    /** By name, A to Z. */
    NAME
}
