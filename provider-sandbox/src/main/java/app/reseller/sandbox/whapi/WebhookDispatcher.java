package app.reseller.sandbox.whapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Sends WHAPI-style webhook calls to the URLs a channel configured, with the channel's custom
 * headers (WHAPI does not sign webhooks: the platform checks a secret header it set itself).
 * Every attempt is kept, so tests can see what was sent and what the receiver answered.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Map<String, Object>> deliveries = new ArrayList<>();

    public WebhookDispatcher(ObjectMapper json) {
        this.json = json;
    }

    /** WHAPI's 'channel' event: the channel's health status changed (code 4 for AUTH, as WHAPI numbers it). */
    public void fireHealth(String channelId, Collection<Map<String, Object>> webhooks, String status) {
        fire(channelId, webhooks, "channel", Map.of("channel_id", channelId, "event", Map.of("type", "channel", "event", "patch"),
                "health", Map.of("status", Map.of("code", "AUTH".equals(status) ? 4 : 3, "text", status))));
    }

    /**
     * WHAPI's partner "days" event: the partner's remaining days fell below its days_limit. The real
     * payload is not documented; this one is a guess the platform must read defensively.
     */
    public void firePartnerDays(Collection<Map<String, Object>> webhooks, long days, long daysLimit) {
        fire("partner", webhooks, "days", Map.of("event", Map.of("type", "days", "event", "post"), "days", days, "days_limit", daysLimit));
    }

    /** Posts the event to every webhook subscribed to its type; does not wait for the answers. */
    @SuppressWarnings("unchecked")
    public void fire(String channelId, Collection<Map<String, Object>> webhooks, String type, Map<String, Object> payload) {
        for (Map<String, Object> hook : webhooks) {
            List<Map<String, Object>> events = (List<Map<String, Object>>) hook.getOrDefault("events", List.of());
            if (events.stream().noneMatch(e -> type.equals(e.get("type")))) {
                continue;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(String.valueOf(hook.get("url"))))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(toJson(payload)));
            ((Map<String, Object>) hook.getOrDefault("headers", Map.of()))
                    .forEach((name, value) -> request.header(name, String.valueOf(value)));
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> {
                record(Map.of("channelId", channelId, "type", type, "url", String.valueOf(hook.get("url")),
                        "status", answer == null ? -1 : answer.statusCode(),
                        "error", failure == null ? "" : failure.toString()));
                if (failure != null) {
                    LOG.infof("webhook %s of channel %s failed: %s", type, channelId, failure.toString());
                }
            });
        }
    }

    public synchronized List<Map<String, Object>> deliveries(String channelId) {
        return deliveries.stream().filter(d -> channelId.equals(d.get("channelId"))).toList();
    }

    public synchronized void reset() {
        deliveries.clear();
    }

    private synchronized void record(Map<String, Object> delivery) {
        deliveries.add(delivery);
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
