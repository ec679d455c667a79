package app.reseller.channel;

/** Where a channel is in its life. QUEUED, CREATING, ACTIVE, PAUSING, PAUSED and DELETING hold one of the customer's plan slots. */
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
     * A pause has begun: open extensions are being settled and WHAPI asked to stop the channel with
     * its days saved. Nothing but the pause (or the reconciler resuming it) moves it on.
     */
    PAUSING,
    /** Stopped at WHAPI, its saved days given back; it keeps its slot, sends nothing, and may be resumed or deleted. */
    PAUSED,
    /**
     * A delete has begun: open extensions are being settled and WHAPI asked to delete. Nothing may
     * bring the channel back to ACTIVE; the slot is freed when it is DELETED.
     */
    DELETING,
    /** WHAPI refused or failed the creation; the slot is free again. */
    FAILED,
    DELETED;

    public boolean holdsSlot() {
        return this == QUEUED || this == CREATING || this == ACTIVE || this == PAUSING || this == PAUSED || this == DELETING;
    }
}
