package app.reseller.billing;

/** Every way days move (ARCHITECTURE.md, "The day ledger"). */
public enum TransferKind {
    /** EXTERNAL -> POOL: days bought from WHAPI. */
    TOP_UP,
    /** POOL -> CUSTOMER. */
    ALLOCATE,
    /** CUSTOMER -> CHANNEL: reserved, then confirmed (WHAPI extended) or released. */
    EXTEND,
    /** CHANNEL -> CUSTOMER: gives back a released reservation. */
    RELEASE,
    /** CHANNEL -> CUSTOMER: unused days of a deleted channel. */
    REFUND,
    /** CUSTOMER -> POOL. */
    RECLAIM,
    /** EXTERNAL <-> any: an admin correction, with a reason. */
    ADJUST
}
