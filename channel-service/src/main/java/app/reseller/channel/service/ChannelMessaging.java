package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.ChannelMessage;
import app.reseller.channel.ChannelMode;
import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiFaults;
import app.reseller.channel.client.WhapiGate;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelMessageRepository;
import app.reseller.channel.repository.ChannelMessageRepository.TrialUse;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.secrets.Secrets;
import app.reseller.platform.web.Caller;
import app.reseller.channel.ChannelRefusal;
import app.reseller.platform.domain.IdempotencyKeyReused;
import app.reseller.platform.domain.InvalidValue;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.domain.Refusal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Sending through a customer's own channel: only an ACTIVE channel whose phone is linked (AUTH) and
 * not expired; a TRIAL channel within WHAPI's limits, counted here first; once per Idempotency-Key.
 * The message is stored PENDING before WHAPI is called, so a lost answer leaves a record
 * (UNCONFIRMED) instead of nothing, and WHAPI is never called twice for one key.
 */
@ApplicationScoped
public class ChannelMessaging {

    private static final Logger LOG = Logger.getLogger(ChannelMessaging.class);

    /** What the customer asked for, already validated at the edge. */
    /** mediaUrl or upload for a media kind (exactly one), neither for a text. */
    public record Send(String to, ChannelMessage.Kind type, String text, String mediaUrl, MediaUpload upload, String caption,
                       String replyTo, String clientReference) {
    }

    /**
     * A send's result: the message, the TRIAL allowance left (null for LIVE channels), a warning when
     * the day's allowance runs low (else null), and whether it is a repeat.
     */
    public record Sent(ChannelMessage message, Integer trialMessagesLeft, Integer trialChatsLeft, String warning, boolean repeated) {
    }

    private final ChannelService channels;
    private final ChannelMessageRepository messages;
    private final WhapiGate gate;
    private final SecretBox secrets;
    private final ChannelConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final ChannelTrail trail;

    public ChannelMessaging(ChannelService channels, ChannelMessageRepository messages, WhapiGate gate, SecretBox secrets,
                            ChannelConfig config, Clock clock, ObjectMapper json, ChannelTrail trail) {
        this.trail = trail;
        this.channels = channels;
        this.messages = messages;
        this.gate = gate;
        this.secrets = secrets;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    public Uni<Sent> send(Caller caller, UUID channelId, Send request, String idempotencyKey) {
        String chatId = Recipients.chatId(request.to(), "to");
        String uploadSha256 = validate(request);
        String requestHash = hash(request, chatId, uploadSha256);
        String media = request.upload() != null ? MediaUpload.describe(request.upload(), uploadSha256) : request.mediaUrl();
        return channels.find(caller, channelId).chain(channel -> {
            refuseUnlessSendable(channel);
            if (idempotencyKey == null) {
                return fresh(channel, request, media, chatId, null, requestHash);
            }
            return messages.byIdempotencyKey(channelId, idempotencyKey).chain(known -> known != null
                    ? Uni.createFrom().item(repeat(known, requestHash))
                    : fresh(channel, request, media, chatId, idempotencyKey, requestHash));
        });
    }

    public Uni<ChannelMessage> find(Caller caller, UUID channelId, UUID messageId) {
        return channels.find(caller, channelId).chain(channel -> messages.find(channelId, messageId)).map(message -> {
            if (message == null) {
                throw new NotFound("message", messageId);
            }
            return message;
        });
    }

    public Uni<List<ChannelMessageRepository.TimelineEntry>> timeline(ChannelMessage message) {
        return message.whapiMessageId() == null ? Uni.createFrom().item(List.of()) : messages.timeline(message.whapiMessageId());
    }

    public Uni<List<ChannelMessage>> history(Caller caller, UUID channelId, String chat, Instant from, Instant until, int page, int size) {
        String chatId = chat == null ? null : Recipients.chatId(chat, "chat");
        return channels.find(caller, channelId).chain(channel -> messages.history(channelId, chatId, from, until, page, size));
    }

    /** The channel's chats (both directions), the most recent first. */
    public Uni<List<ChannelMessageRepository.Chat>> chats(Caller caller, UUID channelId, int page, int size) {
        return channels.find(caller, channelId).chain(channel -> messages.chats(channelId, page, size));
    }

    /** @param media what the history keeps of the media: its URL, or an upload's name and checksum */
    private Uni<Sent> fresh(Channel channel, Send request, String media, String chatId, String idempotencyKey, String requestHash) {
        Instant now = clock.instant();
        Uni<TrialUse> allowance = channel.mode == ChannelMode.TRIAL
                ? messages.reserveTrial(channel.id, chatId, now, config.trial().messagesPerDay(), config.trial().chatsPerMonth())
                : Uni.createFrom().nullItem();
        return allowance.chain(trial -> {
            if (trial != null && !trial.allowed()) {
                throw trialLimitReached(trial);
            }
            ChannelMessage pending = new ChannelMessage(UUID.randomUUID(), channel.id, channel.customerId, "OUT", chatId,
                    request.type().name(), request.type() == ChannelMessage.Kind.text ? request.text() : request.caption(),
                    media, request.replyTo(), request.clientReference(), null, "PENDING", null, now, now);
            return messages.insertPending(pending, idempotencyKey, requestHash, trail::messageSent).chain(stored -> {
                if (stored == null) { // the same key, at the same moment: the other request is the one that sends
                    return release(channel, trial, now).chain(() -> messages.byIdempotencyKey(channel.id, idempotencyKey))
                            .map(known -> repeat(known, requestHash));
                }
                return call(channel, stored, request, trial, now);
            });
        });
    }

    private Uni<Sent> call(Channel channel, ChannelMessage stored, Send request, TrialUse trial, Instant reservedAt) {
        String authorization = Secrets.bearer(secrets.open(Channel.TOKEN_PURPOSE, channel.tokenSealed));
        return gate.send(authorization, request.type().name(), whapiBody(stored, request))
                .chain(answer -> {
                    String whapiId = answer.path("message").path("id").asText(null);
                    if (whapiId == null || whapiId.isBlank()) {
                        return messages.settle(stored.id(), "UNCONFIRMED", "WHAPI's answer named no message id", clock.instant());
                    }
                    return messages.accepted(stored.id(), whapiId, clock.instant());
                })
                .onFailure(WhapiException.Rejected.class).recoverWithUni(refused -> release(channel, trial, reservedAt)
                        .chain(() -> messages.settle(stored.id(), "FAILED", ((WhapiException) refused).whapiMessage(), clock.instant()))
                        .chain(failed -> Uni.createFrom().failure(refusedByWhapi((WhapiException) refused, failed))))
                .onFailure(f -> !(f instanceof Refusal)).recoverWithUni(unknown -> messages.settle(stored.id(), "UNCONFIRMED",
                                "no answer from WHAPI: it may or may not have sent it", clock.instant())
                        .chain(unconfirmed -> Uni.createFrom().failure(outcomeUnknown(unknown, unconfirmed))))
                .invoke(sent -> LOG.infof("message %s sent through channel %s (WHAPI %s)", sent.id(), channel.id, sent.whapiMessageId()))
                .map(sent -> new Sent(sent, trial == null ? null : trial.messagesLeft(), trial == null ? null : trial.chatsLeft(),
                        warning(trial), false));
    }

    private ObjectNode whapiBody(ChannelMessage message, Send request) {
        ObjectNode body = json.createObjectNode().put("to", message.chatId());
        if (request.type() == ChannelMessage.Kind.text) {
            body.put("body", request.text());
        } else {
            body.put("media", request.upload() != null ? request.upload().dataUri() : request.mediaUrl());
            if (request.caption() != null && request.type() != ChannelMessage.Kind.audio) {
                body.put("caption", request.caption());
            }
        }
        if (request.replyTo() != null) {
            body.put("quoted", request.replyTo());
        }
        return body;
    }

    private Uni<Void> release(Channel channel, TrialUse trial, Instant reservedAt) {
        return trial == null ? Uni.createFrom().voidItem() : messages.releaseTrial(channel.id, reservedAt);
    }

    private Sent repeat(ChannelMessageRepository.Keyed known, String requestHash) {
        if (!Objects.equals(known.requestHash(), requestHash)) {
            throw new IdempotencyKeyReused("this Idempotency-Key was used for a different message on this channel");
        }
        if ("PENDING".equals(known.message().status())) {
            throw new ChannelRefusal.SendInProgress();
        }
        return new Sent(known.message(), null, null, null, true);
    }

    private String warning(TrialUse trial) {
        if (trial == null || trial.messagesLeft() > config.trial().warnWhenLeft()) {
            return null;
        }
        return "199 - \"" + trial.messagesLeft() + " trial message(s) left today; extend the channel to send without limit\"";
    }

    private void refuseUnlessSendable(Channel channel) {
        if (channel.state == ChannelState.PAUSED || channel.state == ChannelState.PAUSING) {
            throw ChannelRefusals.paused();
        }
        if (!channel.isUsable()) {
            throw ChannelRefusals.notReady(channel.state.name());
        }
        Instant now = clock.instant();
        if (channel.activeTill != null && !channel.activeTill.isAfter(now)) {
            throw new ChannelRefusal.ChannelExpired(channel.activeTill);
        }
        if (!"AUTH".equals(channel.linkStatus)) {
            throw new ChannelRefusal.ChannelNotLinked(channel.linkStatus);
        }
        if (channel.restartingUntil != null && channel.restartingUntil.isAfter(now)) {
            throw ChannelRefusals.restarting(Duration.between(now, channel.restartingUntil).toSeconds() + 1);
        }
    }

    /** Refuses what WHAPI would refuse, before anything is stored; an upload's SHA-256 (null without one). */
    private String validate(Send request) {
        if (request.type() == ChannelMessage.Kind.text) {
            if (request.text() == null || request.text().isBlank()) {
                throw new InvalidValue("text", "text-required", "A text message needs its text", "set text");
            }
            if (request.mediaUrl() != null || request.upload() != null) {
                throw new InvalidValue("mediaUrl", "media-on-text", "A text message has no media",
                        "leave mediaUrl and upload out, or set type to the media's kind");
            }
            return null;
        }
        if (request.upload() != null) {
            if (request.mediaUrl() != null) {
                throw new InvalidValue("upload", "media-twice", "A media message has one file", "set mediaUrl or upload, not both");
            }
            return request.upload().check(request.type(), config.media().maxUploadBytes());
        }
        if (request.mediaUrl() == null || !request.mediaUrl().startsWith("https://")) {
            throw new InvalidValue("mediaUrl", "media-url-required", "A media message needs an https URL or an upload",
                    "set mediaUrl to where WHAPI can fetch the " + request.type() + " (https), or upload the file");
        }
        return null;
    }

    private ChannelRefusal trialLimitReached(TrialUse trial) {
        return "messages".equals(trial.refusedBy())
                ? new ChannelRefusal.TrialMessageLimitReached(config.trial().messagesPerDay())
                : new ChannelRefusal.TrialChatLimitReached(config.trial().chatsPerMonth());
    }

    private static ChannelRefusal refusedByWhapi(WhapiException e, ChannelMessage failed) {
        return new ChannelRefusal.MessageRefused(e.whapiMessage(), e.status(), failed.id());
    }

    private static ChannelRefusal outcomeUnknown(Throwable cause, ChannelMessage unconfirmed) {
        String detail = WhapiFaults.describe(cause).map(WhapiFaults.Fault::detail).orElse(String.valueOf(cause));
        return new ChannelRefusal.MessageOutcomeUnknown(detail, unconfirmed.id());
    }

    private static String hash(Send request, String chatId, String uploadSha256) {
        try {
            String canonical = String.join("\u0000", chatId, request.type().name(), String.valueOf(request.text()),
                    String.valueOf(request.mediaUrl()), String.valueOf(request.caption()), String.valueOf(request.replyTo()),
                        String.valueOf(request.clientReference()))
                    // an upload is named by its checksum; without one the hash is what it always was (keys stored before still match)
                    + (request.upload() == null ? "" : "\u0000" + uploadSha256 + "\u0000" + request.upload().mimeType() + "\u0000"
                    + request.upload().fileName());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
