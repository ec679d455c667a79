package app.reseller.channel;

/** Where a channel is in its life. CREATING and ACTIVE hold one of the customer's plan slots. */
public enum ChannelState {
    /** A slot is held while WHAPI is asked to create the channel. */
    CREATING,
    ACTIVE,
    /** WHAPI refused or failed the creation; the slot is free again. */
    FAILED,
    DELETED;

    public boolean holdsSlot() {
        return this == CREATING || this == ACTIVE;
    }
}
