package app.reseller.sandbox.wappin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Wappin's callbacks to the client: POSTed to the configured URL with the configured token; an
 * answer other than {"status":"000"} is retried, 3 times at most. For reliability tests each
 * callback can be sent several times ("copies"), and a message's statuses can be held back and sent
 * newest first ("outOfOrder").
 */
@ApplicationScoped
public class WappinCallbacks {

    private static final Logger LOG = Logger.getLogger(WappinCallbacks.class);
    private static final int MAX_RETRIES = 3;

    private final ObjectMapper json;
    private final WappinSandboxConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Map<String, Object>> deliveries = new ArrayList<>();
    private final Map<String, List<Map<String, Object>>> heldBack = new LinkedHashMap<>();
    /** Per message, the last status callback under way: the next one waits for it (a slow receiver must not see "read" before "delivered"). */
    private final Map<String, CompletableFuture<Void>> underWay = new LinkedHashMap<>();
    private Settings settings = Settings.NONE;

    public WappinCallbacks(ObjectMapper json, WappinSandboxConfig config) {
        this.json = json;
        this.config = config;
    }

    public record Settings(String url, String token, int copies, boolean outOfOrder) {
        static final Settings NONE = new Settings(null, null, 1, false);
    }

    public synchronized void configure(Settings newSettings) {
        settings = newSettings;
    }

    public synchronized Settings settings() {
        return settings;
    }

    /** A message's status changed. With outOfOrder, the statuses wait for "read" and go out reversed. */
    void status(String messageId, String recipient, String status) {
        Map<String, Object> body = body(messageId, recipient, status, "-", "status");
        boolean last = "read".equals(status);
        synchronized (this) {
            List<Map<String, Object>> toSend;
            if (!settings.outOfOrder()) {
                toSend = List.of(body);
            } else {
                heldBack.computeIfAbsent(messageId, k -> new ArrayList<>()).add(body);
                if (!last) {
                    return;
                }
                toSend = new ArrayList<>(heldBack.remove(messageId));
                java.util.Collections.reverse(toSend);
            }
            // one after the other: the order chosen here must be the order the receiver really sees
            CompletableFuture<Void> chain = underWay.getOrDefault(messageId, CompletableFuture.completedFuture(null));
            for (Map<String, Object> callback : toSend) {
                chain = chain.thenCompose(done -> send(callback));
            }
            if (last) {
                underWay.remove(messageId);
            } else {
                underWay.put(messageId, chain);
            }
        }
    }

    /** A WhatsApp user wrote to the project's number. */
    public void inbound(String sender, String content) {
        send(body(Long.toHexString(System.nanoTime()), sender, "-", content, "message"));
    }

    private Map<String, Object> body(String messageId, String number, String status, String content, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message_id", messageId);
        body.put("client_id", config.clientId());
        body.put("client_name", "sandbox-client");
        body.put("project_id", config.productionProjectId());
        body.put("project_name", "SANDBOX");
        body.put("sender_number", number);
        body.put("status_messages", status);
        body.put("message_content", content);
        body.put("environment", "PRODUCTION");
        body.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
        body.put("callback_type", type);
        return body;
    }

    /** Sends every copy of the callback in turn; completes when the last is acknowledged or given up. */
    private CompletableFuture<Void> send(Map<String, Object> body) {
        Settings current = settings();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        if (current.url() == null) {
            return chain;
        }
        for (int copy = 0; copy < Math.max(1, current.copies()); copy++) {
            chain = chain.thenCompose(done -> attempt(current, body, 0));
        }
        return chain;
    }

    private CompletableFuture<Void> attempt(Settings to, Map<String, Object> body, int retry) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(to.url())).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + (to.token() == null ? "" : to.token()))
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((answer, failure) -> {
            boolean acknowledged = failure == null && answer.body() != null && answer.body().replace(" ", "").contains("\"status\":\"000\"");
            record(body, answer == null ? -1 : answer.statusCode(), answer == null ? String.valueOf(failure) : answer.body(), acknowledged);
            return acknowledged;
        }).thenCompose(acknowledged -> {
            if (!acknowledged && retry < MAX_RETRIES) {
                return attempt(to, body, retry + 1);
            }
            if (!acknowledged) {
                LOG.infof("callback for message %s not acknowledged after %d retries", body.get("message_id"), MAX_RETRIES);
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    private synchronized void record(Map<String, Object> body, int httpStatus, String answer, boolean acknowledged) {
        deliveries.add(Map.of("messageId", String.valueOf(body.get("message_id")), "type", String.valueOf(body.get("callback_type")),
                "status", String.valueOf(body.get("status_messages")), "httpStatus", httpStatus,
                "answer", answer == null ? "" : answer, "acknowledged", acknowledged));
    }

    public synchronized List<Map<String, Object>> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized void reset() {
        deliveries.clear();
        heldBack.clear();
        underWay.clear();
        settings = Settings.NONE;
    }

    private String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
