package app.reseller.platform.events.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An event of the platform that knows its own CloudEvents type, topic and aggregate, as Debezium's
 * {@code ExportedEvent} does: the outbox takes the event alone, so no call site can pair a payload
 * with another event's type or key. The payload is the record's components; these four are never
 * part of it.
 */
public interface PlatformEvent {

    /** The CloudEvents type, e.g. {@code billing.PlanActivated.v1}: equal to the record's {@code TYPE} constant. */
    @JsonIgnore
    String type();

    @JsonIgnore
    String topic();

    /** e.g. {@code customer}; Debezium's outbox router routes by it. */
    @JsonIgnore
    String aggregateType();

    /** The Kafka record key: the events of one aggregate stay in order. */
    @JsonIgnore
    String aggregateId();
}
