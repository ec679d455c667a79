package app.reseller.channel;

/** Where a channel is in its life. QUEUED, CREATING, ACTIVE and DELETING hold one of the customer's plan slots. */
public enum ChannelState {
    /**
     * WHAPI's creation window is full: the create waits its turn (round-robin between customers).
     * It holds a slot; cancelling it (delete) frees the slot without asking WHAPI anything.
     */
    QUEUED,
    /** A slot is held while WHAPI is asked to create the channel. */
    CREATING,
    ACTIVE,
    /**
     * A delete has begun: open extensions are being settled and WHAPI asked to delete. Nothing may
     * bring the channel back to ACTIVE; the slot is freed when it is DELETED.
     */
    DELETING,
    /** WHAPI refused or failed the creation; the slot is free again. */
    FAILED,
    DELETED;

    public boolean holdsSlot() {
        return this == QUEUED || this == CREATING || this == ACTIVE || this == DELETING;
    }
}
