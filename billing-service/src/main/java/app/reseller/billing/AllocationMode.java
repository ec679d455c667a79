package app.reseller.billing;

/**
 * AUTOMATIC: billing allocates days from the pool (within the plan's entitlement) and tops the
 * customer's channels up by itself. MANUAL (the default): the admin allocates and extends by hand.
 */
public enum AllocationMode {
    AUTOMATIC, MANUAL
}
