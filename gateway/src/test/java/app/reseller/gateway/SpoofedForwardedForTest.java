package app.reseller.gateway;

import app.reseller.infra.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static app.reseller.gateway.ForwardedFor.BURST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-IP limit keys on the socket's peer: a client's own X-Forwarded-For does not escape it
 * (seen: 1,500 requests with made-up addresses, none limited). No proxy is trusted by default.
 */
@GatewayTest
@TestProfile(SpoofedForwardedForTest.NoTrustedProxy.class)
class SpoofedForwardedForTest {

    public static class NoTrustedProxy extends ConfigOverrides {
        public NoTrustedProxy() {
            super(ForwardedFor.SMALL_PER_IP_LIMIT);
        }
    }

    @Test
    void madeUpForwardedForAddressesShareThePeersLimit() {
        List<Integer> statuses = ForwardedFor.calls(false);
        assertEquals(BURST, statuses.stream().filter(s -> s != 429).count(), "only the burst passes: " + statuses);
        assertTrue(statuses.subList(BURST, statuses.size()).stream().allMatch(s -> s == 429), statuses.toString());
    }
}
