package app.reseller.sandbox.fault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many calls each simulated provider API received (faulted ones included): what tests and ops
 * drills compare before and after, e.g. "replaying every topic called no provider".
 */
@ApplicationScoped
@Path("/_sandbox/stats/calls")
public class ProviderCalls {

    private final AtomicLong manager = new AtomicLong();
    private final AtomicLong gate = new AtomicLong();
    private final AtomicLong wappin = new AtomicLong();
    /** Of the manager's calls, the channel lists: the channel auditor's timer reads it every minute, whatever else happens. */
    private final AtomicLong channelLists = new AtomicLong();

    void count(String path) {
        if (path.startsWith("/manager/")) {
            manager.incrementAndGet();
            if (path.equals("/manager/channels/list")) {
                channelLists.incrementAndGet();
            }
        } else if (path.startsWith("/gate/")) {
            gate.incrementAndGet();
        } else if (path.startsWith("/wappin/")) {
            wappin.incrementAndGet();
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Calls received by the WHAPI manager, WHAPI gate and Wappin simulators since the sandbox started",
            description = "whapiChannelLists: how many of the manager's calls listed the channels (the auditor's timer does every minute)")
    public Map<String, Long> calls() {
        return Map.of("whapiManager", manager.get(), "whapiGate", gate.get(), "wappin", wappin.get(),
                "whapiChannelLists", channelLists.get());
    }
}
