package app.reseller.platform.events.probe;

import app.reseller.platform.events.IdempotentConsumer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

import app.reseller.platform.events.ReceivedEvent;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class ProbeConsumer {

    /** The batch's effects in one statement, in the order given (consumed_order follows it). */
    private static final String APPLY = """
            insert into probe_effect (event_id, aggregate_id, seq, committed_at)
            select cast(e ->> 'id' as uuid), e ->> 'aggregate', cast(e ->> 'seq' as int), cast(e ->> 'committed' as timestamptz)
              from jsonb_array_elements(cast(cast(:effects as text) as jsonb)) with ordinality as t(e, n)
             order by t.n
            """;

    private final IdempotentConsumer consumer;
    private final ObjectMapper json;

    public ProbeConsumer(IdempotentConsumer consumer, ObjectMapper json) {
        this.consumer = consumer;
        this.json = json;
    }

    @Incoming("probe-in")
    public Uni<Void> onProbeChanged(KafkaRecordBatch<String, String> batch) {
        return consumer.applyBatchTogether(null, "probe", batch, events -> {
            List<Map<String, Object>> effects = new ArrayList<>(events.size());
            for (ReceivedEvent event : events) {
                ProbeChanged changed = event.dataAs(json, ProbeChanged.class);
                if (changed.seq() < 0) { // a rule that will always refuse this event: it belongs in the dead-letter topic
                    return Uni.createFrom().failure(new IllegalArgumentException("the probe refuses a negative seq: " + changed.seq()));
                }
                effects.add(Map.of("id", event.id().toString(), "aggregate", changed.aggregateId(), "seq", changed.seq(),
                        "committed", changed.committedAt().atOffset(ZoneOffset.UTC).toString()));
            }
            String rows;
            try {
                rows = json.writeValueAsString(effects);
            } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
                return Uni.createFrom().failure(impossible);
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(APPLY).setParameter("effects", rows).executeUpdate())
                    .replaceWithVoid();
        });
    }
}
