package app.reseller.gateway.routing;

/** The services behind the gateway. */
public enum Downstream {
    BILLING, CHANNEL, MESSAGING
}
