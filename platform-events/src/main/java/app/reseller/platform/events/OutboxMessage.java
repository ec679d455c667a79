package app.reseller.platform.events;

import java.util.Objects;

/**
 * An event a service wants published, as it hands it to the {@link Outbox}.
 *
 * @param topic         the Kafka topic, e.g. {@link Topics#BILLING_EVENTS}
 * @param aggregateType e.g. {@code customer}; Debezium's outbox router routes by it
 * @param aggregateId   the Kafka key: events of one aggregate stay in order
 * @param type          the CloudEvents type, e.g. {@code billing.PlanActivated.v1}
 * @param payload       serialised to JSON as the CloudEvent's data
 */
public record OutboxMessage(String topic, String aggregateType, String aggregateId, String type, Object payload) {

    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    /** The event as the outbox stores it: its own topic, aggregate and type, the event itself as the payload. */
    public static OutboxMessage of(app.reseller.platform.events.contract.PlatformEvent event) {
        return new OutboxMessage(event.topic(), event.aggregateType(), event.aggregateId(), event.type(), event);
    }
}
