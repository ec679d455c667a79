package app.reseller.messaging.service;

import app.reseller.messaging.MessageKind;
import app.reseller.messaging.MessageStatus;
import app.reseller.messaging.MessageTemplate;
import app.reseller.messaging.OutboundMessage;
import app.reseller.messaging.client.Wappin;
import app.reseller.messaging.client.WappinException;
import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.repository.MessageRepository;
import app.reseller.messaging.repository.TemplateRepository;
import app.reseller.messaging.service.WappinSettingsService.Credentials;
import app.reseller.platform.events.StaleWrites;
import app.reseller.messaging.MessagingRefusal;
import app.reseller.platform.domain.InvalidValue;
import app.reseller.platform.domain.NotFound;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The customer-facing messaging operations: send (notification, text, media), number check, inquiry, history. */
@ApplicationScoped
public class MessageService {

    static final Map<String, Set<String>> MEDIA_EXTENSIONS = Map.of(
            "image", Set.of("jpg", "jpeg", "png"),
            "document", Set.of("pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx"),
            "audio", Set.of("aac", "m4a", "mp3", "ogg", "opus"));
    private static final Set<String> CAPTIONED = Set.of("image", "document");

    /** A send of an approved template, with an optional SMS fallback. */
    public record Notification(String recipient, String template, List<String> params, String smsTemplate, List<String> smsParams) {
    }

    /** A media file as it came in. */
    public record Media(String recipient, String mediaType, String fileName, String contentType, byte[] content, String caption) {
    }

    public record NumberCheck(String phone, boolean onWhatsApp, String whatsAppNumber) {
    }

    private final MessageSender sender;
    private final WappinCaller caller;
    private final Wappin wappin;
    private final MessageRepository messages;
    private final TemplateRepository templates;
    private final MessageTimeline timeline;
    private final MessagingConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final MessagingTrail trail;

    public MessageService(MessageSender sender, WappinCaller caller, Wappin wappin, MessageRepository messages,
                          TemplateRepository templates, MessageTimeline timeline, MessagingConfig config, ObjectMapper json, Clock clock, MessagingTrail trail) {
        this.trail = trail;
        this.clock = clock;
        this.sender = sender;
        this.caller = caller;
        this.wappin = wappin;
        this.messages = messages;
        this.templates = templates;
        this.timeline = timeline;
        this.config = config;
        this.json = json;
    }

    // ---- sending ----

    public Uni<OutboundMessage> sendNotification(String customerId, Notification request, String idempotencyKey) {
        String recipient = Phones.normalize(request.recipient(), "recipient");
        Map<String, String> params = numbered(request.params());
        Map<String, String> smsParams = request.smsTemplate() == null ? null : numbered(request.smsParams());
        return checkParamCount(request.template(), params.size(), false)
                .chain(() -> request.smsTemplate() == null ? Uni.createFrom().voidItem()
                        : checkParamCount(request.smsTemplate(), smsParams.size(), true))
                .chain(() -> {
                    OutboundMessage draft = OutboundMessage.pending(customerId, recipient, MessageKind.NOTIFICATION, clock.instant());
                    draft.template = request.template();
                    draft.params = params;
                    draft.smsTemplate = request.smsTemplate();
                    draft.idempotencyKey = idempotencyKey;
                    return sender.send("sendNotification", draft, (bearer, credentials) -> wappin.sendHsm(bearer,
                            hsmBody(credentials, recipient, request.template(), params, request.smsTemplate(), smsParams)));
                });
    }

    public Uni<OutboundMessage> sendText(String customerId, String recipientNumber, String text, String idempotencyKey) {
        String recipient = Phones.normalize(recipientNumber, "recipient");
        OutboundMessage draft = OutboundMessage.pending(customerId, recipient, MessageKind.TEXT, clock.instant());
        draft.body = text;
        draft.idempotencyKey = idempotencyKey;
        return sender.send("sendTextMessage", draft, (bearer, credentials) -> {
            ObjectNode body = base(credentials);
            body.put("message_content", text);
            body.put("recipient_number", recipient);
            return wappin.sendText(bearer, body);
        });
    }

    public Uni<OutboundMessage> sendMedia(String customerId, Media media, String idempotencyKey) {
        String recipient = Phones.normalize(media.recipient(), "recipient");
        checkMedia(media);
        OutboundMessage draft = OutboundMessage.pending(customerId, recipient, MessageKind.MEDIA, clock.instant());
        draft.mediaType = media.mediaType();
        draft.mediaName = media.fileName();
        draft.body = media.caption();
        draft.idempotencyKey = idempotencyKey;
        return sender.send("sendMediaMessage", draft, (bearer, credentials) -> {
            ClientMultipartForm form = ClientMultipartForm.create()
                    .attribute("client_id", credentials.clientId(), null)
                    .attribute("project_id", credentials.projectId(), null)
                    .attribute("recipient_number", recipient, null)
                    .attribute("media_type", media.mediaType(), null)
                    .binaryFileUpload("media", media.fileName(), Buffer.buffer(media.content()),
                            media.contentType() == null ? "application/octet-stream" : media.contentType());
            if (media.caption() != null) {
                form.attribute("caption", media.caption(), null);
            }
            return wappin.sendMedia(bearer, form);
        });
    }

    /** The HSM body of Wappin's document; with SMS fallback also channel, content and params_sms. */
    ObjectNode hsmBody(Credentials credentials, String recipient, String template, Map<String, String> params,
                       String smsTemplate, Map<String, String> smsParams) {
        ObjectNode body = base(credentials);
        body.put("type", template);
        body.put("recipient_number", recipient);
        body.set("params", json.valueToTree(params));
        if (smsTemplate != null) {
            body.put("channel", "sms");
            body.put("content", smsTemplate);
            body.set("params_sms", json.valueToTree(smsParams));
        }
        return body;
    }

    private ObjectNode base(Credentials credentials) {
        ObjectNode body = json.createObjectNode();
        body.put("client_id", credentials.clientId());
        body.put("project_id", credentials.projectId());
        return body;
    }

    /** Parameters in Wappin's shape: {"1": first, "2": second, ...}. */
    static Map<String, String> numbered(List<String> values) {
        Map<String, String> numbered = new LinkedHashMap<>();
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                numbered.put(String.valueOf(i + 1), values.get(i));
            }
        }
        return numbered;
    }

    /** A template the admin registered has a known parameter count: a wrong count is refused before Wappin. */
    private Uni<Void> checkParamCount(String template, int given, boolean sms) {
        return Panache.withSession(() -> templates.findById(template)).invoke(known -> {
            if (known != null && known.sms == sms && known.paramCount != given) {
                throw new InvalidValue("params", "param-count", "Wrong number of template parameters",
                        (sms ? "SMS template " : "template ") + template + " takes " + known.paramCount + " parameter(s), "
                                + given + " given").with("expected", known.paramCount).with("given", given);
            }
        }).replaceWithVoid();
    }

    private void checkMedia(Media media) {
        Set<String> allowed = MEDIA_EXTENSIONS.get(media.mediaType());
        if (allowed == null) {
            throw new InvalidValue("mediaType", "invalid-media-type", "Unknown media type", "mediaType must be image, document or audio");
        }
        String name = media.fileName() == null ? "" : media.fileName().toLowerCase();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (!allowed.contains(extension)) {
            throw new InvalidValue("file", "invalid-media-file", "File type not allowed",
                    media.mediaType() + " files must be one of " + allowed.stream().sorted().toList());
        }
        if (media.content().length == 0 || media.content().length > config.media().maxBytes()) {
            throw new MessagingRefusal.MediaTooLarge(config.media().maxBytes());
        }
        if (media.caption() != null && !CAPTIONED.contains(media.mediaType())) {
            throw new InvalidValue("caption", "caption-not-allowed", "No caption for audio", "only images and documents take a caption");
        }
    }

    // ---- number check and inquiry ----

    /** @param customerId who asked (the trail notes the check, never the number); null for the platform's admins */
    public Uni<NumberCheck> checkNumber(String customerId, String phone) {
        String number = Phones.normalize(phone, "phone");
        return caller.call((bearer, credentials) -> {
                    ObjectNode body = base(credentials);
                    body.put("phone_number", number);
                    return wappin.numberCheck(bearer, body);
                })
                .map(answer -> new NumberCheck(number, true, answer.data() == null ? null : answer.data().asText(null)))
                .onFailure(f -> f instanceof WappinException e && "601".equals(e.code()))
                .recoverWithItem(new NumberCheck(number, false, null))
                .call(checked -> trail.actedAtWappin("checkNumber", customerId, "NUMBER_CHECK", java.util.Map.of("onWhatsApp", checked.onWhatsApp())));
    }

    /** Asks Wappin for the message's status history and merges it into the timeline. */
    public Uni<OutboundMessage> inquire(OutboundMessage message) {
        if (message.wappinMessageId == null) {
            return Uni.createFrom().failure(new MessagingRefusal.NoWappinId(message.status));
        }
        return caller.call((bearer, credentials) -> wappin.inquiry(bearer, json.createObjectNode().put("message_id", message.wappinMessageId)))
                .chain(answer -> StaleWrites.inTransaction(() -> messages.findById(message.id).call(m -> {
                    String before = m.status == null ? null : m.status.name();
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (var entry : answer.data() == null ? List.<com.fasterxml.jackson.databind.JsonNode>of() : iterable(answer.data())) {
                        MessageStatus status = MessageStatus.fromWappin(entry.path("status").asText());
                        if (status != null) {
                            Instant at = epoch(entry.path("timestamp").asText(null), clock.instant());
                            all = all.chain(() -> timeline.record(m, status, at, "INQUIRY").replaceWithVoid());
                        }
                    }
                    return all.chain(() -> trail.changed("refreshMessageStatus", m.customerId, "MESSAGE:" + m.id,
                            java.util.Map.of("status", String.valueOf(before)), MessagingTrail.MessageShown.of(m)));
                })));
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> iterable(com.fasterxml.jackson.databind.JsonNode array) {
        List<com.fasterxml.jackson.databind.JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    /** Wappin's epoch seconds, or {@code otherwise} when it sent none (or no number). */
    static Instant epoch(String seconds, Instant otherwise) {
        try {
            return seconds == null ? otherwise : Instant.ofEpochSecond(Long.parseLong(seconds.trim()));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    // ---- reads ----

    @WithSession
    public Uni<OutboundMessage> find(UUID id) {
        return messages.findById(id).onItem().ifNull().failWith(() -> new NotFound("message", id));
    }

    @WithSession
    public Uni<List<OutboundMessage>> page(String customerId, int page, int size) {
        return messages.pageOf(customerId, page, size);
    }

    @WithSession
    public Uni<Long> count(String customerId) {
        return messages.countOf(customerId);
    }

    @WithSession
    public Uni<List<MessageRepository.TimelineStep>> timelineOf(UUID id) {
        return messages.timeline(id);
    }

    // ---- templates ----

    @io.quarkus.hibernate.reactive.panache.common.WithTransaction
    public Uni<MessageTemplate> registerTemplate(String name, int paramCount, boolean sms) {
        return templates.findById(name).chain(found -> {
            TemplateShown before = found == null ? null : TemplateShown.of(found);
            MessageTemplate t = found == null ? new MessageTemplate() : found;
            t.name = name;
            t.paramCount = paramCount;
            t.sms = sms;
            t.updatedAt = clock.instant();
            return templates.persist(t).call(stored -> trail.changed("putTemplate", null, "TEMPLATE:" + name, before, TemplateShown.of(stored)));
        });
    }

    record TemplateShown(String name, int paramCount, boolean sms) {
        static TemplateShown of(MessageTemplate t) {
            return new TemplateShown(t.name, t.paramCount, t.sms);
        }
    }

    @WithSession
    public Uni<List<MessageTemplate>> templates() {
        return templates.listAll(io.quarkus.panache.common.Sort.by("name"));
    }
}
