package app.reseller.platform.events.probe;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.OutboxMessage;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Path("/probe")
public class ProbeResource {

    static final String TOPIC = "probe.events";

    private final Outbox outbox;

    public ProbeResource(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * A state change and its event in one transaction; failAfterEvent rolls both back. With
     * {@code events=N}, N changes of the aggregate (seq, seq+1, ...) and their N events commit
     * together, as a path that stores a group at once does (the callback store).
     */
    @POST
    @Path("{aggregateId}/{seq}")
    @WithTransaction
    public Uni<Void> change(@PathParam("aggregateId") String aggregateId, @PathParam("seq") int seq,
                            @QueryParam("failAfterEvent") boolean failAfterEvent,
                            @QueryParam("events") @DefaultValue("1") int events) {
        if (events > 1) {
            return changes(aggregateId, seq, events);
        }
        ProbeChange change = new ProbeChange();
        change.aggregateId = aggregateId;
        change.seq = seq;
        return change.persist()
                .chain(() -> outbox.append(message(aggregateId, seq)))
                .invoke(() -> {
                    if (failAfterEvent) {
                        throw new IllegalStateException("failing on purpose after the event was written");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> changes(String aggregateId, int firstSeq, int events) {
        List<ProbeChange> changes = new ArrayList<>(events);
        List<OutboxMessage> messages = new ArrayList<>(events);
        for (int seq = firstSeq; seq < firstSeq + events; seq++) {
            ProbeChange change = new ProbeChange();
            change.aggregateId = aggregateId;
            change.seq = seq;
            changes.add(change);
            messages.add(message(aggregateId, seq));
        }
        return ProbeChange.persist(changes).chain(() -> outbox.appendAll(messages)).replaceWithVoid();
    }

    private static OutboxMessage message(String aggregateId, int seq) {
        return new OutboxMessage(TOPIC, "probe", aggregateId, "probe.ProbeChanged.v1", new ProbeChanged(aggregateId, seq, Instant.now()));
    }
}
