package app.reseller.messaging.service;

import app.reseller.messaging.MessageStatus;
import app.reseller.messaging.repository.MessageRepository;
import app.reseller.platform.events.contract.MessagingEvents.InboundMessageReceived;
import app.reseller.platform.secrets.Secrets;
import app.reseller.platform.web.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Wappin's callbacks (invariant 8): authenticated by the configured token, validated, and stored
 * durably with their effect and events in ONE transaction before the endpoint answers "000".
 * Wappin retries a callback up to 3 times; a repeat finds its dedup key and changes nothing.
 */
@ApplicationScoped
public class CallbackService {

    private static final String STORE = """
            insert into wappin_callback (dedup_key, callback_type, wappin_message_id, status, body)
            values (:key, :type, :messageId, :status, cast(cast(:body as text) as jsonb))
            on conflict (dedup_key) do nothing
            """;
    private static final String INBOUND = """
            insert into inbound_message (id, wappin_message_id, sender, content, sent_at)
            values (:id, :messageId, :sender, :content, :sentAt) on conflict (wappin_message_id) do nothing
            """;

    /** A valid callback, as read from Wappin's body. */
    record Callback(String type, String messageId, MessageStatus status, String sender, String content, Instant at, String raw) {
        String dedupKey() {
            return "status".equals(type) ? "status:" + messageId + ":" + status : "message:" + messageId;
        }
    }

    public enum Outcome { STORED, DUPLICATE }

    private final WappinSettingsService settings;
    private final MessageRepository messages;
    private final MessageTimeline timeline;
    private final MessageEventsOutbox events;
    private final MeterRegistry metrics;

    public CallbackService(WappinSettingsService settings, MessageRepository messages, MessageTimeline timeline,
                           MessageEventsOutbox events, MeterRegistry metrics) {
        this.settings = settings;
        this.messages = messages;
        this.timeline = timeline;
        this.events = events;
        this.metrics = metrics;
    }

    public Uni<Outcome> receive(String authorization, JsonNode body) {
        Callback callback = read(body); // a bad body is refused before anything is stored
        return settings.isCallbackToken(Secrets.bareToken(authorization)).chain(valid -> {
            if (!valid) {
                return Uni.createFrom().failure(new ProblemException(401, "callback-unauthorized", "Callback not accepted",
                        "the callback token is missing or wrong"));
            }
            return Panache.withTransaction(() -> store(callback).chain(stored -> stored
                    ? apply(callback).replaceWith(Outcome.STORED)
                    : Uni.createFrom().item(Outcome.DUPLICATE)));
        }).invoke(outcome -> metrics.counter("wappin.callbacks", "type", callback.type(), "outcome",
                outcome.name().toLowerCase()).increment());
    }

    private Uni<Boolean> store(Callback callback) {
        return Panache.getSession().chain(session -> session.createNativeQuery(STORE)
                .setParameter("key", callback.dedupKey())
                .setParameter("type", callback.type())
                .setParameter("messageId", callback.messageId())
                .setParameter("status", callback.status() == null ? null : callback.status().name())
                .setParameter("body", callback.raw())
                .executeUpdate()
                .map(inserted -> inserted == 1));
    }

    private Uni<Void> apply(Callback callback) {
        if ("message".equals(callback.type())) {
            UUID id = UUID.randomUUID();
            return Panache.getSession().chain(session -> session.createNativeQuery(INBOUND)
                            .setParameter("id", id)
                            .setParameter("messageId", callback.messageId())
                            .setParameter("sender", callback.sender())
                            .setParameter("content", callback.content())
                            .setParameter("sentAt", callback.at())
                            .executeUpdate())
                    .chain(inserted -> inserted == 0 ? Uni.createFrom().voidItem()
                            : events.append(id.toString(), InboundMessageReceived.TYPE, new InboundMessageReceived(id,
                            callback.messageId(), callback.sender(), callback.content(), callback.at())));
        }
        // a status of a message we did not send (or not yet know) is kept in wappin_callback only
        return messages.byWappinId(callback.messageId()).chain(message -> message == null ? Uni.createFrom().voidItem()
                : timeline.record(message, callback.status(), callback.at(), "CALLBACK").replaceWithVoid());
    }

    /** The callback body of Wappin's document, checked field by field. */
    static Callback read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        String type = text(body, "callback_type");
        String messageId = text(body, "message_id");
        if (messageId == null) {
            throw invalid("message_id is required");
        }
        Instant at = MessageService.epoch(text(body, "timestamp"));
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

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-callback", "Not a valid Wappin callback", detail);
    }
}
