package app.reseller.channel;

/** What a bulk job does to each of its channels (each is what the channel's own endpoint does). */
public enum BulkAction {
    RESTART,
    PAUSE,
    RESUME,
    DELETE;

    /** Whether a second call after a crash could do it twice: a restart is not repeated once it may have gone out. */
    public boolean repeatable() {
        return this != RESTART;
    }
}
