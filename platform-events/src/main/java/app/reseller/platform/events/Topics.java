package app.reseller.platform.events;

/** The Kafka topics between the bounded contexts (ARCHITECTURE.md, "Events"). */
public final class Topics {

    /** Key: customer id. */
    public static final String BILLING_EVENTS = "billing.events";
    /** Key: channel id. */
    public static final String CHANNEL_EVENTS = "channel.events";
    /** Key: message id. */
    public static final String MESSAGING_EVENTS = "messaging.events";

    private Topics() {
    }
}
