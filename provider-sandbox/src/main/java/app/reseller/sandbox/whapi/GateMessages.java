package app.reseller.sandbox.whapi;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the simulated channels sent, and their statuses: each message goes sent, then delivered,
 * then read, one status step apart, each as a WHAPI "statuses" webhook to the channel's webhooks.
 */
@ApplicationScoped
public class GateMessages {

    static final List<String> STATUSES = List.of("sent", "delivered", "read");

    private final WhapiSimulator whapi;
    private final WebhookDispatcher webhooks;
    private final long stepMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-gate-statuses");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, List<Map<String, Object>>> sent = new LinkedHashMap<>();

    public GateMessages(WhapiSimulator whapi, WebhookDispatcher webhooks, WhapiSandboxConfig config) {
        this.whapi = whapi;
        this.webhooks = webhooks;
        this.stepMillis = config.statusStep().toMillis();
    }

    /** Records a send and schedules its statuses; returns the message as WHAPI answers it. */
    Map<String, Object> send(String channelId, String from, String to, String type, Map<String, Object> content, String quoted) {
        String id = whapiMessageId();
        String chatId = to.contains("@") ? to : to + "@s.whatsapp.net";
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("type", type);
        message.put("chat_id", chatId);
        message.put("from_me", true);
        message.put("from", from);
        message.put("timestamp", System.currentTimeMillis() / 1000);
        message.put("status", "pending");
        message.put(type, content);
        if (quoted != null) {
            message.put("context", Map.of("quoted_id", quoted));
        }
        synchronized (this) {
            sent.computeIfAbsent(channelId, c -> new ArrayList<>()).add(message);
        }
        if (whapi.isSilent(channelId)) {
            return message; // accepted, and then nothing: no status ever comes
        }
        for (int i = 0; i < STATUSES.size(); i++) {
            String status = STATUSES.get(i);
            timer.schedule(() -> fireStatus(channelId, id, status), stepMillis * (i + 1), TimeUnit.MILLISECONDS);
        }
        return message;
    }

    /** One "statuses" webhook for a message the channel sent (also on demand: a late or repeated status). */
    void fireStatus(String channelId, String messageId, String status) {
        String chatId;
        synchronized (this) {
            chatId = sent.getOrDefault(channelId, List.of()).stream().filter(m -> messageId.equals(m.get("id")))
                    .map(m -> String.valueOf(m.get("chat_id"))).findFirst()
                    .orElseThrow(() -> new WhapiError(404, "Message not found", "channel " + channelId + " sent no " + messageId));
        }
        webhooks.fire(channelId, whapi.webhooks(channelId), "statuses", Map.of("channel_id", channelId,
                "event", Map.of("type", "statuses", "event", "post"),
                "statuses", List.of(Map.of("id", messageId, "code", Math.max(0, STATUSES.indexOf(status)) + 2, "status", status,
                        "recipient_id", chatId, "timestamp", String.valueOf(System.currentTimeMillis() / 1000)))));
    }

    /**
     * A message someone sends to the channel's phone: WHAPI's "messages" webhook fires. {@code id}
     * null makes a new one; the same id again is WHAPI repeating a webhook.
     */
    Map<String, Object> inbound(String channelId, String id, String from, String text) {
        String phone = whapi.requireLinked(channelId);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id == null ? whapiMessageId() : id);
        message.put("type", "text");
        message.put("chat_id", from + "@s.whatsapp.net");
        message.put("from_me", false);
        message.put("from", from);
        message.put("timestamp", System.currentTimeMillis() / 1000);
        message.put("text", Map.of("body", text));
        if (whapi.isSilent(channelId)) {
            return message; // written to the phone, never reported
        }
        webhooks.fire(channelId, whapi.webhooks(channelId), "messages", Map.of("channel_id", channelId,
                "event", Map.of("type", "messages", "event", "post"), "messages", List.of(message)));
        return Map.of("message", message, "to", phone == null ? "" : phone);
    }

    synchronized List<Map<String, Object>> sentBy(String channelId) {
        return List.copyOf(sent.getOrDefault(channelId, List.of()));
    }

    synchronized void reset() {
        sent.clear();
    }

    /** WHAPI's message id shape, e.g. "PsqXn5SAD5v7HRA-wHiQEhxVU9Ac". */
    private static String whapiMessageId() {
        String random = UUID.randomUUID().toString().replace("-", "");
        return random.substring(0, 15) + "-" + random.substring(15, 27);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
