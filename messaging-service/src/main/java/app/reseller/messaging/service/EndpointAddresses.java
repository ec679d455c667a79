package app.reseller.messaging.service;

import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.MessagingRefusal;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SSRF guard of webhook endpoints: a customer's URL must not make the platform call its own
 * network. Checked at registration and again before every attempt, on the addresses the name
 * resolves to at that moment (a name may be re-pointed after registration), and the attempt then
 * connects to the checked address, so a second lookup cannot swap it (DNS rebinding).
 * Refused: loopback, unspecified, link-local (169.254.0.0/16, the cloud metadata address among
 * them), private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), multicast
 * and reserved ranges. Only hosts of {@code messaging.webhooks.allowed-hosts} (local runs, tests)
 * skip the check, and only they may use plain http.
 */
@ApplicationScoped
public class EndpointAddresses {

    /** Where an attempt connects: the URL's host for TLS and the Host header, the checked address for the socket. */
    public record Target(URI uri, String host, int port, boolean https, InetAddress address) {
        public String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    private final Set<String> allowedHosts;

    @jakarta.inject.Inject
    public EndpointAddresses(MessagingConfig config) {
        this(config.webhooks().allowedHosts().orElse(List.of()));
    }

    EndpointAddresses(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The URL's form alone (no lookup): scheme, host, no credentials. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw refused("it is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw refused("it needs the form https://host/path");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("it must not carry credentials");
        }
        if (scheme.equals("http") && !allowed(uri.getHost())) {
            throw refused("it must use https");
        }
        return uri;
    }

    /** Resolves the host (off the event loop) and checks every address it has now. */
    public Uni<Target> check(String url) {
        URI uri = parse(url);
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        return Uni.createFrom().item(() -> resolve(host)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(addresses -> {
                    if (!allowed(host)) {
                        for (InetAddress address : addresses) {
                            if (!isPublic(address)) {
                                throw refused(host + " resolves to " + address.getHostAddress() + ", which is not a public address");
                            }
                        }
                    }
                    return new Target(uri, host, port, https, addresses[0]);
                });
    }

    private boolean allowed(String host) {
        return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw refused(host + " does not resolve");
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            if (isMappedV4(b)) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException impossible) {
                    return false;
                }
            }
            return (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local (fd00:ec2::254 is a metadata address)
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return address instanceof Inet4Address
                && first != 0                                   // 0.0.0.0/8
                && !(first == 100 && second >= 64 && second < 128) // 100.64.0.0/10, carrier-grade NAT (100.100.100.200: a metadata address)
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24
                && !(first == 198 && (second == 18 || second == 19))    // 198.18.0.0/15, benchmarking
                && first < 224;                                 // multicast and 240.0.0.0/4 reserved, broadcast
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    static MessagingRefusal refused(String why) {
        return new MessagingRefusal.WebhookUrlRefused(why);
    }
}
