package app.reseller.gateway.routing;

/** The services behind the gateway. */
public enum Downstream {
    BILLING, CHANNEL, MESSAGING;

    /** How the public API names the service (the activity trail's {@code service}): billing, channel, messaging. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
