package app.reseller.sandbox.receiver;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A customer's system as the platform's webhooks see it, for tests and the local run: each named
 * receiver records every delivery it gets (headers, body, when, what it answered) and answers as
 * it is told: 2xx, 500, 410, slowly, for the next N deliveries or until told otherwise.
 */
@Path("/_sandbox/webhook-receiver/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sandbox control: webhook receiver")
public class WebhookReceiverResource {

    /** One delivery as it arrived. */
    public record Received(int n, String webhookId, String webhookTimestamp, String webhookSignature, String body, Instant receivedAt,
                           int answered) {
    }

    /** How to answer: this status after delayMs, for the next {@code times} deliveries (0: until changed). */
    public record Mode(int status, long delayMs, int times) {
    }

    private record Receiver(List<Received> received, AtomicInteger count, Map<String, Object> state) {
    }

    private static final Mode NORMAL = new Mode(204, 0, 0);
    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

    private Receiver receiver(String name) {
        return receivers.computeIfAbsent(name, n -> new Receiver(new CopyOnWriteArrayList<>(), new AtomicInteger(),
                new ConcurrentHashMap<>(Map.of("mode", NORMAL, "left", 0))));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Where an endpoint points: records the delivery and answers as the mode says")
    public Uni<Response> deliver(@PathParam("name") String name, @HeaderParam("webhook-id") String id,
                                 @HeaderParam("webhook-timestamp") String timestamp, @HeaderParam("webhook-signature") String signature,
                                 String body) {
        Receiver receiver = receiver(name);
        Mode mode = current(receiver);
        receiver.received().add(new Received(receiver.count().incrementAndGet(), id, timestamp, signature, body, Instant.now(),
                mode.status()));
        Uni<Response> answer = Uni.createFrom().item(() -> Response.status(mode.status()).entity(Map.of("answered", mode.status())).build());
        return mode.delayMs() > 0 ? answer.onItem().delayIt().by(Duration.ofMillis(mode.delayMs())) : answer;
    }

    private static synchronized Mode current(Receiver receiver) {
        Mode mode = (Mode) receiver.state().get("mode");
        if (mode.times() > 0) {
            int left = (Integer) receiver.state().get("left");
            if (left <= 0) {
                receiver.state().put("mode", NORMAL);
                return NORMAL;
            }
            receiver.state().put("left", left - 1);
        }
        return mode;
    }

    @PUT
    @Path("mode")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "How the receiver answers from now on (status 204 with no delay is normal)")
    public Mode mode(@PathParam("name") String name, Mode mode) {
        Receiver receiver = receiver(name);
        synchronized (WebhookReceiverResource.class) {
            receiver.state().put("mode", mode);
            receiver.state().put("left", mode.times());
        }
        return mode;
    }

    @GET
    @Operation(summary = "Every delivery received so far, in arrival order (after: only those numbered higher)")
    public List<Received> received(@PathParam("name") String name, @QueryParam("after") @DefaultValue("0") int after) {
        return receiver(name).received().stream().filter(r -> r.n() > after).toList();
    }

    @DELETE
    @Operation(summary = "Forget the receiver: its deliveries and its mode")
    public Response forget(@PathParam("name") String name) {
        receivers.remove(name);
        return Response.noContent().build();
    }
}
