package app.reseller.platform.events.probe;

import app.reseller.platform.events.IdempotentConsumer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

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
    public Uni<Void> onProbeChanged(Message<String> message) {
        return consumer.apply("probe", message, event -> {
            ProbeChanged changed = event.dataAs(json, ProbeChanged.class);
            return Panache.getSession().chain(session -> session.createNativeQuery(APPLY)
                    .setParameter("id", event.id())
                    .setParameter("aggregate", changed.aggregateId())
                    .setParameter("seq", changed.seq())
                    .setParameter("committedAt", changed.committedAt().atOffset(ZoneOffset.UTC))
                    .executeUpdate()).replaceWithVoid();
        });
    }
}
