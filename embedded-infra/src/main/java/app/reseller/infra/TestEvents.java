package app.reseller.infra;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** Platform events on the shared test Kafka: put on a topic as another service's relay would, and read back. */
public final class TestEvents {

    private TestEvents() {
    }

    /**
     * A binary-mode CloudEvent record as the outbox relay publishes it (not yet sent).
     *
     * @param source e.g. {@code /reseller/billing-service}
     */
    public static ProducerRecord<String, String> cloudEvent(String topic, String key, String type, String source, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_type", type);
        header(record, "ce_source", source);
        header(record, "ce_subject", key);
        header(record, "content-type", "application/json");
        return record;
    }

    public static void send(ProducerRecord<String, String> record) {
        SharedInfra.get().kafka().send(List.of(record));
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The topics on which the consumer group has committed an offset. */
    public static java.util.Set<String> topicsReadBy(String group) {
        return SharedInfra.get().kafka().topicsReadBy(group);
    }

    /** Every record now on the topic that matches, in offset order per partition. */
    public static List<ConsumerRecord<String, String>> records(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return SharedInfra.get().kafka().readAll(topic).stream().filter(wanted).toList();
    }

    /** The records of one type and key on a topic. */
    public static List<ConsumerRecord<String, String>> records(String topic, String type, String key) {
        return records(topic, r -> key.equals(r.key()) && type.equals(header(r, "ce_type")));
    }

    private static void header(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
