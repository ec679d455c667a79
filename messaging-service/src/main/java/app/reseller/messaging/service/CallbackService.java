package app.reseller.messaging.service;

import app.reseller.messaging.MessageStatus;
import app.reseller.messaging.repository.CallbackStore;
import app.reseller.messaging.repository.StatusCallbackStore;
import app.reseller.platform.events.contract.MessagingEvents.InboundMessageReceived;
import app.reseller.platform.secrets.Secrets;
import app.reseller.messaging.MessagingRefusal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Wappin's callbacks (invariant 8): authenticated by the configured token, validated, and stored
 * durably with their effect and events in ONE transaction (one statement per group, see CallbackStore) before
 * the endpoint answers "000".
 * Wappin retries a callback up to 3 times; a repeat finds its dedup key and changes nothing.
 */
@ApplicationScoped
public class CallbackService {

    /** A valid callback, as read from Wappin's body. */
    record Callback(String type, String messageId, MessageStatus status, String sender, String content, Instant at, String raw) {
        String dedupKey() {
            return "status".equals(type) ? "status:" + messageId + ":" + status : "message:" + messageId;
        }
    }

    public enum Outcome { STORED, DUPLICATE }

    private final WappinSettingsService settings;
    private final CallbackStore store;
    private final StatusCallbackStore statuses;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final java.time.Clock clock;

    public CallbackService(WappinSettingsService settings, CallbackStore store, StatusCallbackStore statuses, ObjectMapper json,
                           MeterRegistry metrics, java.time.Clock clock) {
        this.statuses = statuses;
        this.clock = clock;
        this.settings = settings;
        this.store = store;
        this.json = json;
        this.metrics = metrics;
    }

    public Uni<Outcome> receive(String authorization, JsonNode body) {
        Callback callback = read(body, clock.instant()); // a bad body is refused before anything is stored
        return settings.isCallbackToken(Secrets.bareToken(authorization)).chain(valid -> {
            if (!valid) {
                return Uni.createFrom().failure(new MessagingRefusal.CallbackNotAuthentic());
            }
            return storeWithEffect(callback).map(stored -> stored ? Outcome.STORED : Outcome.DUPLICATE);
        }).invoke(outcome -> metrics.counter("wappin.callbacks", "type", callback.type(), "outcome",
                outcome.name().toLowerCase()).increment())
                // counted, since Wappin retries a refused callback 3 times and then drops it: the alert
                // WappinCallbacksRejected (deploy/) sees tokens that differ after a rotation before statuses are lost
                .onFailure(MessagingRefusal.CallbackNotAuthentic.class).invoke(() -> metrics.counter("wappin.callbacks", "type",
                        callback.type(), "outcome", "rejected").increment());
    }

    /** The callback, its effect and its event commit together, in one statement with the callbacks grouped with it (CallbackStore, StatusCallbackStore). */
    private Uni<Boolean> storeWithEffect(Callback callback) {
        if ("message".equals(callback.type())) {
            UUID id = UUID.randomUUID();
            String event = toJson(new InboundMessageReceived(id, callback.messageId(), callback.sender(), callback.content(),
                    callback.at()));
            return store.storeInbound(callback.dedupKey(), callback.messageId(), callback.raw(), id, callback.sender(),
                    callback.content(), callback.at(), event);
        }
        // a status of a message we do not know (yet) is kept as a callback only; the send's commit links it
        return statuses.store(callback.dedupKey(), callback.messageId(), callback.status().name(), callback.raw(), callback.at());
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The callback body of Wappin's document, checked field by field. */
    /** The callback in the body; {@code receivedAt} is its time when Wappin sent none. */
    static Callback read(JsonNode body, Instant receivedAt) {
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        String type = text(body, "callback_type");
        String messageId = text(body, "message_id");
        if (messageId == null) {
            throw invalid("message_id is required");
        }
        Instant at = MessageService.epoch(text(body, "timestamp"), receivedAt);
        if ("status".equals(type)) {
            MessageStatus status = MessageStatus.fromWappin(text(body, "status_messages"));
            if (status == null) {
                throw invalid("status_messages must be sent, delivered, read or failed");
            }
            return new Callback(type, messageId, status, text(body, "sender_number"), null, at, body.toString());
        }
        if ("message".equals(type)) {
            String sender = text(body, "sender_number");
            if (sender == null) {
                throw invalid("sender_number is required for a message callback");
            }
            return new Callback(type, messageId, null, sender, text(body, "message_content"), at, body.toString());
        }
        throw invalid("callback_type must be status or message");
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static MessagingRefusal invalid(String detail) {
        return new MessagingRefusal.InvalidCallback(detail);
    }
}
