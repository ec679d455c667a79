package app.reseller.platform.events;

/** The Kafka topics between the bounded contexts (ARCHITECTURE.md, "Events"). */
public final class Topics {

    /** Key: customer id. */
    public static final String BILLING_EVENTS = "billing.events";
    /** Key: channel id. */
    public static final String CHANNEL_EVENTS = "channel.events";
    /** Key: message id. */
    public static final String MESSAGING_EVENTS = "messaging.events";
    /**
     * Key: webhook endpoint id. Apart from messaging.events, whose every record is a message's status or an
     * inbound message: messaging-service reads only these, and reading its own status stream to find them cost
     * about a quarter of a callback's CPU (docs/benchmarks.md).
     */
    public static final String MESSAGING_ENDPOINT_EVENTS = "messaging.endpoint-events";

    private Topics() {
    }
}
