package app.reseller.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stand-ins for billing and channel in the gateway's own tests (the real services are exercised by
 * the end-to-end journey): they answer every path with a small JSON that echoes what arrived, and
 * record it. Messaging is deliberately absent: its port is closed, so it is a "stopped service".
 */
final class StubServices {

    record Arrival(String service, String method, String uri, Map<String, List<String>> headers, int bodyLength) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    static final List<Arrival> ARRIVALS = new CopyOnWriteArrayList<>();
    /**
     * billing's API keys: the SHA-256 (base64url) of a key -> what /api-keys/resolve answers for it
     * (a JSON body, or "500" for a billing-service that fails). Absent: 404, as for a revoked key.
     */
    static final Map<String, String> API_KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    private static HttpServer billing;
    private static HttpServer channel;

    private StubServices() {
    }

    static synchronized void start() {
        if (billing == null) {
            billing = serve("billing");
            channel = serve("channel");
        }
    }

    static String billingUrl() {
        start();
        return "http://127.0.0.1:" + billing.getAddress().getPort();
    }

    static String channelUrl() {
        start();
        return "http://127.0.0.1:" + channel.getAddress().getPort();
    }

    private static HttpServer serve(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/", exchange -> answer(name, exchange));
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(String service, HttpExchange exchange) throws IOException {
        byte[] received = exchange.getRequestBody().readAllBytes();
        int bodyLength = received.length;
        if (service.equals("billing") && exchange.getRequestURI().getPath().equals("/api-keys/resolve")) {
            // the gateway resolving a key: its own lookup, not a forwarded call (not an arrival)
            resolveApiKey(exchange, new String(received, StandardCharsets.UTF_8));
            return;
        }
        ARRIVALS.add(new Arrival(service, exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), bodyLength));
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        if (query != null && query.startsWith("answer-after-ms=")) { // a service that answers late
            try {
                Thread.sleep(Long.parseLong(query.substring("answer-after-ms=".length())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (path.endsWith("/slow")) { // a service busy for a while, so a caller can hang up meanwhile
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String body = path.equals("/q/openapi")
                ? "{\"openapi\":\"3.0.3\",\"paths\":{\"/" + (service.equals("billing") ? "plans" : "channels/{id}")
                  + "\":{\"get\":{\"summary\":\"" + service + " stub\",\"responses\":{\"200\":{\"description\":\"ok\"}}}}},"
                  + "\"components\":{\"schemas\":{\"View\":{\"type\":\"object\",\"description\":\"" + service + "\"}}}}"
                : "{\"service\":\"" + service + "\",\"path\":\"" + path + "\"}";
        if (path.endsWith("/drops-halfway")) { // a service that dies in the middle of its answer
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("{\"half\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            exchange.close(); // 992 bytes short: the server drops the connection
            return;
        }
        if (path.endsWith("/large")) { // larger than the gateway reads whole: it streams it
            body = "\"" + "x".repeat(300 * 1024) + "\"";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void resolveApiKey(HttpExchange exchange, String request) throws IOException {
        String hash = request.replaceAll(".*\"secretHash\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String known = exchange.getRequestHeaders().getFirst("X-Reseller-Identity") == null ? null : API_KEYS.get(hash);
        int status = known == null ? 404 : known.equals("500") ? 500 : 200;
        byte[] bytes = (status == 200 ? known : "{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
