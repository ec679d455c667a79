package app.reseller.platform.events.probe;

import app.reseller.platform.events.IdempotentConsumer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

import java.time.ZoneOffset;

@ApplicationScoped
public class ProbeConsumer {

    private static final String APPLY = """
            insert into probe_effect (event_id, aggregate_id, seq, committed_at)
            values (:id, :aggregate, :seq, :committedAt)
            """;

    private final IdempotentConsumer consumer;
    private final ObjectMapper json;

    public ProbeConsumer(IdempotentConsumer consumer, ObjectMapper json) {
        this.consumer = consumer;
        this.json = json;
    }

    @Incoming("probe-in")
    public Uni<Void> onProbeChanged(KafkaRecordBatch<String, String> batch) {
        return consumer.applyBatch(null, "probe", batch, event -> {
            ProbeChanged changed = event.dataAs(json, ProbeChanged.class);
            if (changed.seq() < 0) { // a rule that will always refuse this event: it belongs in the dead-letter topic
                return Uni.createFrom().failure(new IllegalArgumentException("the probe refuses a negative seq: " + changed.seq()));
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(APPLY)
                    .setParameter("id", event.id())
                    .setParameter("aggregate", changed.aggregateId())
                    .setParameter("seq", changed.seq())
                    .setParameter("committedAt", changed.committedAt().atOffset(ZoneOffset.UTC))
                    .executeUpdate()).replaceWithVoid();
        });
    }
}
