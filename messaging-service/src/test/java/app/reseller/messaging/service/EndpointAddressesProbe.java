package app.reseller.messaging.service;


import java.net.InetAddress;
import java.util.List;

/** Test access to the SSRF guard's package-private parts, with a chosen allow-list (production's is empty). */
public final class EndpointAddressesProbe {

    private EndpointAddressesProbe() {
    }

    public static boolean isPublic(InetAddress address) {
        return EndpointAddresses.isPublic(address);
    }

    /** The guard's refusal of the URL, or null when it passes. */
    public static String refusal(List<String> allowedHosts, String url) {
        try {
            new EndpointAddresses(allowedHosts).check(url).await().indefinitely();
            return null;
        } catch (app.reseller.messaging.MessagingRefusal.WebhookUrlRefused refused) {
            return refused.getMessage();
        }
    }
}
