package app.reseller.messaging.webhooks;

import app.reseller.messaging.service.EndpointAddressesProbe;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSRF guard as production configures it (no allowed hosts): every address class it must refuse, after DNS resolution. */
class EndpointAddressesTest {

    @Test
    void onlyPublicAddressesPass() throws Exception {
        for (String refused : List.of("127.0.0.1", "127.8.9.10", "0.0.0.0", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.0.1",
                "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.100.100.200", "192.0.0.8", "198.18.0.1", "224.0.0.1",
                "255.255.255.255", "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1")) {
            assertFalse(EndpointAddressesProbe.isPublic(InetAddress.getByName(refused)), refused);
        }
        for (String allowed : List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8")) {
            assertTrue(EndpointAddressesProbe.isPublic(InetAddress.getByName(allowed)), allowed);
        }
    }

    @Test
    void productionHasNoAllowedHosts() throws Exception {
        var properties = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        for (String key : properties.stringPropertyNames()) {
            if (key.endsWith("messaging.webhooks.allowed-hosts")) {
                assertTrue(key.startsWith("%dev.") || key.startsWith("%test."), key + ": the allow-list is for local runs and tests only");
            }
        }
    }

    @Test
    void inProductionANameThatResolvesToThisMachineAndPlainHttpAreRefused() {
        assertEquals("the endpoint URL is refused: localhost resolves to 127.0.0.1, which is not a public address",
                EndpointAddressesProbe.refusal(List.of(), "https://localhost/hook").replace("0:0:0:0:0:0:0:1", "127.0.0.1"));
        assertEquals("the endpoint URL is refused: it must use https", EndpointAddressesProbe.refusal(List.of(), "http://8.8.8.8/hook"));
        assertEquals("the endpoint URL is refused: it must use https",
                EndpointAddressesProbe.refusal(List.of("127.0.0.1"), "http://localhost:9/x"));
        assertEquals(null, EndpointAddressesProbe.refusal(List.of("127.0.0.1"), "http://127.0.0.1:9/x"), "the local run's allow-list");
    }
}
