package app.reseller.gateway;

import app.reseller.infra.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static app.reseller.gateway.ForwardedFor.BURST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behind a trusted ingress (here: loopback), each forwarded client has its own per-IP limit. */
@GatewayTest
@TestProfile(TrustedIngressForwardedForTest.IngressOnLoopback.class)
class TrustedIngressForwardedForTest {

    public static class IngressOnLoopback extends ConfigOverrides {
        public IngressOnLoopback() {
            super(ForwardedFor.SMALL_PER_IP_LIMIT, "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    @Test
    void eachForwardedClientHasItsOwnLimit() {
        List<Integer> distinct = ForwardedFor.calls(false);
        assertTrue(distinct.stream().noneMatch(s -> s == 429), "20 different clients behind the ingress: " + distinct);
        List<Integer> same = ForwardedFor.calls(true);
        assertEquals(BURST, same.stream().filter(s -> s != 429).count(), "one client behind the ingress: " + same);
    }
}
