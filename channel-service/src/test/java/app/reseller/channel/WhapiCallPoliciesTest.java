package app.reseller.channel;

import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiManager;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static app.reseller.channel.ChannelTestSupport.clearFaults;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.fault;
import static app.reseller.channel.ChannelTestSupport.latency;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.channel.ChannelTestSupport.wire;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The WHAPI wrappers guard each call with the values of {@code channel.whapi.calls.*} (issue 24,
 * item 3), against the sandbox: a read is repeated on a 503 and never on a 400, an extend is never
 * repeated, the configured timeout (7 s in tests, the read timeout is 15 s) cuts a slow extend, a
 * breaker opens on failures but not on refusals, and each call has its own breaker.
 */
@ChannelTest
class WhapiCallPoliciesTest extends CleanWhapiPerTest {

    private static final String PARTNER = "Bearer " + ChannelTestResource.PARTNER_TOKEN;
    /** A breaker is named by its call's property prefix. */
    private static final String RESTART_BREAKER = "channel.whapi.calls.manager.restart";

    @Inject
    WhapiManager manager;

    @Test
    void aReadIsRepeatedOnTransientFaultsAndNeverOnARefusal() {
        String whapiId = whapiChannel();
        fault("ERROR", "GET", "/manager/channels/" + whapiId, 503, 2);
        long before = callsTo("GET", "/manager/channels/" + whapiId);
        assertEquals(whapiId, await(manager.get(PARTNER, whapiId)).id());
        assertEquals(3, callsTo("GET", "/manager/channels/" + whapiId) - before, "two 503s, then the answer");

        fault("ERROR", "GET", "/manager/channels/" + whapiId, 400, 1);
        before = callsTo("GET", "/manager/channels/" + whapiId);
        assertInstanceOf(WhapiException.Rejected.class, failureOf(manager.get(PARTNER, whapiId)));
        assertEquals(1, callsTo("GET", "/manager/channels/" + whapiId) - before, "a refusal is WHAPI's answer: asked once");
    }

    @Test
    void anExtendIsNeverRepeatedAndItsConfiguredTimeoutCutsIt() {
        String whapiId = whapiChannel();
        String extend = "/manager/channels/" + whapiId + "/extend";
        fault("ERROR", "POST", extend, 503, 1);
        long before = callsTo("POST", extend);
        assertInstanceOf(WhapiException.Transient.class, failureOf(manager.extend(PARTNER, whapiId, 1, "policy test")));
        assertEquals(1, callsTo("POST", extend) - before, "a failed extend is never repeated here");

        // 7.5 s: longer than the configured extend timeout (7 s), shorter than the client's read timeout (15 s)
        latency("POST", extend, 7500, 1);
        assertInstanceOf(TimeoutException.class, failureOf(manager.extend(PARTNER, whapiId, 1, "policy test")),
                "the guard's timeout from configuration, not the client's read timeout");
    }

    @Test
    void aBreakerOpensOnFailuresNotOnRefusalsAndOnlyForItsOwnCall() {
        String whapiId = whapiChannel();
        String restart = "/manager/channels/" + whapiId + "/restart";
        fault("ERROR", "POST", restart, 404, 30);
        for (int i = 0; i < 15; i++) {
            assertInstanceOf(WhapiException.Rejected.class, failureOf(manager.restart(PARTNER, whapiId)));
        }
        assertEquals(CircuitBreakerState.CLOSED, circuitBreakers.currentState(RESTART_BREAKER), "refusals never open it");
        clearFaults();

        fault("ERROR", "POST", restart, 503, 30);
        for (int i = 0; i < 10; i++) {
            failureOf(manager.restart(PARTNER, whapiId));
        }
        assertEquals(CircuitBreakerState.OPEN, circuitBreakers.currentState(RESTART_BREAKER));
        long before = callsTo("POST", restart);
        assertInstanceOf(CircuitBreakerOpenException.class, failureOf(manager.restart(PARTNER, whapiId)));
        assertEquals(0, callsTo("POST", restart) - before, "an open breaker answers without calling WHAPI");
        assertEquals(whapiId, await(manager.get(PARTNER, whapiId)).id(), "the reads have a breaker of their own");

        circuitBreakers.resetAll();
        assertEquals(CircuitBreakerState.CLOSED, circuitBreakers.currentState(RESTART_BREAKER), "tests can close it again");
    }

    private static String whapiChannel() {
        String customer = newCustomer();
        entitle(customer, 1, 10);
        return whapiIdOf(createChannel(customer, "policies"));
    }

    private static long callsTo(String method, String path) {
        return wire().count(e -> e.method().equals(method) && e.path().equals(path));
    }

    private static <T> T await(Uni<T> call) {
        return call.await().atMost(Duration.ofSeconds(30));
    }

    private static Throwable failureOf(Uni<?> call) {
        return assertThrows(Throwable.class, () -> call.await().atMost(Duration.ofSeconds(30)));
    }
}
