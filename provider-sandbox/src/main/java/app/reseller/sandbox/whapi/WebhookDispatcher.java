package app.reseller.sandbox.whapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends WHAPI-style webhook calls to the URLs a channel configured, with the channel's custom
 * headers (WHAPI does not sign webhooks: the platform checks a secret header it set itself). Like
 * WHAPI, a call that gets no 200 (another status, no answer in time, a broken connection) is sent
 * again with a linear back-off (Settings.callback_backoff_delay_ms in WHAPI's gate description), so
 * a receiver that was briefly slow or down loses nothing. Every attempt is kept, so tests can see
 * what was sent and what the receiver answered.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final ObjectMapper json;
    private final WhapiSandboxConfig config;
    // HTTP/1.1: the JDK client's default offers an h2c upgrade on every plain-http call, which the receivers never take
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "whapi-webhook-retries");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Map<String, Object>> deliveries = new ArrayList<>();
    /** Bumped by reset(): retries of calls fired before it are dropped, so one test's webhooks never reach the next. */
    private long generation;

    public WebhookDispatcher(ObjectMapper json, WhapiSandboxConfig config) {
        this.json = json;
        this.config = config;
    }

    /** One webhook call to one URL, sent until it gets a 200 or its attempts run out. */
    private record Call(String channelId, String type, String url, HttpRequest request, long generation) {
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
        long current = generation();
        for (Map<String, Object> hook : webhooks) {
            List<Map<String, Object>> events = (List<Map<String, Object>>) hook.getOrDefault("events", List.of());
            if (events.stream().noneMatch(e -> type.equals(e.get("type")))) {
                continue;
            }
            String url = String.valueOf(hook.get("url"));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(config.callbackTimeout()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(toJson(payload)));
            ((Map<String, Object>) hook.getOrDefault("headers", Map.of()))
                    .forEach((name, value) -> request.header(name, String.valueOf(value)));
            attempt(new Call(channelId, type, url, request.build(), current), 1);
        }
    }

    private void attempt(Call call, int attempt) {
        if (call.generation() != generation()) {
            return; // a retry of a call fired before a reset
        }
        http.sendAsync(call.request(), HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> {
            int status = answer == null ? -1 : answer.statusCode();
            if (!record(call, attempt, status, failure)) {
                return; // the sandbox was reset meanwhile
            }
            if (status == 200) {
                return;
            }
            if (attempt >= config.callbackAttempts()) {
                LOG.infof("webhook %s of channel %s dropped after %d attempts (last: %s)", call.type(), call.channelId(), attempt,
                        failure == null ? "HTTP " + status : failure.toString());
                return;
            }
            long delay = config.callbackBackoff().toMillis() * attempt;
            LOG.infof("webhook %s of channel %s: attempt %d got %s; again in %d ms", call.type(), call.channelId(), attempt,
                    failure == null ? "HTTP " + status : failure.toString(), delay);
            retries.schedule(() -> attempt(call, attempt + 1), delay, TimeUnit.MILLISECONDS);
        });
    }

    public synchronized List<Map<String, Object>> deliveries(String channelId) {
        return deliveries.stream().filter(d -> channelId.equals(d.get("channelId"))).toList();
    }

    public synchronized void reset() {
        generation++;
        deliveries.clear();
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }

    private synchronized long generation() {
        return generation;
    }

    /** Keeps the attempt; false when the call belongs to a generation before the last reset (then nothing more is sent). */
    private synchronized boolean record(Call call, int attempt, int status, Throwable failure) {
        if (call.generation() != generation) {
            return false;
        }
        deliveries.add(Map.of("channelId", call.channelId(), "type", call.type(), "url", call.url(), "attempt", attempt,
                "status", status, "error", failure == null ? "" : failure.toString()));
        return true;
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
