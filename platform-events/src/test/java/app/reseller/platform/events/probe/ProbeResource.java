package app.reseller.platform.events.probe;

import app.reseller.platform.events.Outbox;
import app.reseller.platform.events.OutboxMessage;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.time.Instant;

@Path("/probe")
public class ProbeResource {

    static final String TOPIC = "probe.events";

    private final Outbox outbox;

    public ProbeResource(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A state change and its event in one transaction; failAfterEvent rolls both back. */
    @POST
    @Path("{aggregateId}/{seq}")
    @WithTransaction
    public Uni<Void> change(@PathParam("aggregateId") String aggregateId, @PathParam("seq") int seq,
                            @QueryParam("failAfterEvent") boolean failAfterEvent) {
        ProbeChange change = new ProbeChange();
        change.aggregateId = aggregateId;
        change.seq = seq;
        return change.persist()
                .chain(() -> outbox.append(new OutboxMessage(TOPIC, "probe", aggregateId, "probe.ProbeChanged.v1",
                        new ProbeChanged(aggregateId, seq, Instant.now()))))
                .invoke(() -> {
                    if (failAfterEvent) {
                        throw new IllegalStateException("failing on purpose after the event was written");
                    }
                })
                .replaceWithVoid();
    }
}
