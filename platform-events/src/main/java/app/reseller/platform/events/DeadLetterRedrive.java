package app.reseller.platform.events;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Puts dead-lettered records back on the topic they came from, once whatever refused them is
 * fixed: every record of the dead-letter topic not redriven before (a consumer group of its own
 * remembers how far it got), with its key, value and CloudEvents headers, without the dead-letter
 * headers. The consumers are idempotent, so a record redriven twice is applied once.
 */
@ApplicationScoped
public class DeadLetterRedrive {

    private static final Logger LOG = Logger.getLogger(DeadLetterRedrive.class);
    /** SmallRye's dead-letter headers: where the record came from, and why it was refused. */
    private static final String ORIGINAL_TOPIC = "dead-letter-topic";
    private static final Duration POLL = Duration.ofMillis(500);

    private final String bootstrapServers;
    private final String application;

    public DeadLetterRedrive(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                             @ConfigProperty(name = "quarkus.application.name") String application) {
        this.bootstrapServers = bootstrapServers;
        this.application = application;
    }

    public record Redriven(String deadLetterTopic, int records, Map<String, Integer> byTopic) {
    }

    /** Redrives what the dead-letter topic holds now (blocking Kafka clients, on a worker thread). */
    public Uni<Redriven> redrive(String deadLetterTopic) {
        return Uni.createFrom().item(() -> redriveNow(deadLetterTopic)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Redriven redriveNow(String deadLetterTopic) {
        Map<String, Integer> byTopic = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig());
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata from = committed.get(partition);
                if (from == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, from.offset());
                }
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // arrived after the redrive began: the next redrive takes it
                    }
                    String original = header(record, ORIGINAL_TOPIC);
                    if (original == null) {
                        LOG.warnf("record %s-%d@%d has no %s header; left alone", record.topic(), record.partition(),
                                record.offset(), ORIGINAL_TOPIC);
                        continue;
                    }
                    ProducerRecord<String, String> again = new ProducerRecord<>(original, record.key(), record.value());
                    for (Header h : record.headers()) {
                        if (!h.key().startsWith("dead-letter-")) {
                            again.headers().add(h);
                        }
                    }
                    producer.send(again).get(10, TimeUnit.SECONDS);
                    byTopic.merge(original, 1, Integer::sum);
                }
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                partitions.forEach(p -> done.put(p, new OffsetAndMetadata(Math.min(consumer.position(p), end.get(p)))));
                consumer.commitSync(done);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("redrive interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not take a redriven record: " + e.getMessage(), e);
        }
        int total = byTopic.values().stream().mapToInt(Integer::intValue).sum();
        LOG.infof("redrove %d record(s) from %s: %s", total, deadLetterTopic, byTopic);
        return new Redriven(deadLetterTopic, total, byTopic);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, application + "-dlq-redrive",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    }
}
