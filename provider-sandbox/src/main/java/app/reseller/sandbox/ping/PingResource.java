package app.reseller.sandbox.ping;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trivial stateful endpoint: each POST counts once. It shows what a fault did to a call
 * (was it handled or not?) without involving a provider simulator.
 */
@Path("/_sandbox/ping")
@Produces(MediaType.APPLICATION_JSON)
public class PingResource {

    private final AtomicLong handled = new AtomicLong();

    @POST
    public Map<String, Long> ping() {
        return Map.of("handled", handled.incrementAndGet());
    }

    @GET
    public Map<String, Long> count() {
        return Map.of("handled", handled.get());
    }
}
