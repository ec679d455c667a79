package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.platform.events.contract.ChannelEvents.ChannelStatusChanged;
import app.reseller.platform.events.StaleWrites;
import app.reseller.channel.ChannelRefusal;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.UUID;

/**
 * WHAPI's webhooks for a channel: checked against the channel's secret header, turned into the
 * channel's link status, and a ChannelStatusChanged when the status really changed (WHAPI repeats
 * itself; a repeated status is a no-op); "statuses" move the channel's sent messages up.
 */
@ApplicationScoped
public class WebhookReceiver {

    private final ChannelRepository channels;
    private final ChannelEventsOutbox events;
    private final Clock clock;
    private final app.reseller.channel.repository.ChannelMessageRepository messages;
    private final app.reseller.channel.repository.ChannelHealthRepository health;

    public WebhookReceiver(ChannelRepository channels, ChannelEventsOutbox events, Clock clock,
                           app.reseller.channel.repository.ChannelMessageRepository messages,
                           app.reseller.channel.repository.ChannelHealthRepository health) {
        this.messages = messages;
        this.health = health;
        this.channels = channels;
        this.events = events;
        this.clock = clock;
    }

    public record Outcome(String status, boolean changed) {
    }

    /**
     * The secret is checked on a plain read before any transaction or lock, so a flood of
     * unauthenticated webhooks costs one indexed read each and holds no connection in a lock wait.
     * The status change itself is a versioned write, retried from a fresh read if it loses a race.
     */
    public Uni<Outcome> receive(UUID channelId, String presentedSecret, JsonNode body) {
        String status = statusOf(body); // a bad body is refused before anything is read or written
        return linkStatus(channelId, presentedSecret, body, status)
                // the health state machine sees every status WHAPI reports (a repeated one changes nothing there either);
                // it runs after the link status committed: if it fails, the webhook is answered 5xx and WHAPI repeats it
                .call(outcome -> status == null ? Uni.createFrom().voidItem()
                        : Panache.withSession(() -> channels.findById(channelId))
                        .chain(channel -> health.observe(channelId, channel.customerId, status, "webhook", clock.instant(),
                                clock.instant())));
    }

    private Uni<Outcome> linkStatus(UUID channelId, String presentedSecret, JsonNode body, String status) {
        return Panache.withSession(() -> channels.findById(channelId)).chain(channel -> {
            if (!authentic(channel, presentedSecret)) {
                return Uni.createFrom().failure(unauthorized());
            }
            if ("statuses".equals(body.path("event").path("type").asText())) {
                return messageStatuses(body).replaceWith(new Outcome(channel.linkStatus, false));
            }
            if ("messages".equals(body.path("event").path("type").asText())) {
                return inboundMessages(channel, body).replaceWith(new Outcome(channel.linkStatus, false));
            }
            if (status == null || status.equals(channel.linkStatus)) {
                return Uni.createFrom().item(new Outcome(channel.linkStatus, false));
            }
            return StaleWrites.inTransaction(() -> channels.findById(channelId).chain(stored -> {
                if (!authentic(stored, presentedSecret)) { // deleted (or its secret renewed) meanwhile
                    return Uni.createFrom().failure(unauthorized());
                }
                if (status.equals(stored.linkStatus)) {
                    return Uni.createFrom().item(new Outcome(status, false));
                }
                return changeStatus(stored, status).replaceWith(new Outcome(status, true));
            }));
        });
    }

    /**
     * The statuses of messages the channel sent, each stored before the webhook is acknowledged
     * (a failure answers 5xx, and WHAPI sends it again); repeats and late arrivals change nothing.
     */
    private Uni<Void> messageStatuses(JsonNode body) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (JsonNode status : body.path("statuses")) {
            String id = status.path("id").asText(null);
            String ours = switch (status.path("status").asText("")) {
                case "sent" -> "SENT";
                case "delivered" -> "DELIVERED";
                case "read", "played" -> "READ";
                case "failed" -> "FAILED";
                default -> null; // pending, deleted: nothing to show
            };
            if (id == null || ours == null) {
                continue;
            }
            java.time.Instant at = status.path("timestamp").canConvertToLong() || status.path("timestamp").isTextual()
                    ? java.time.Instant.ofEpochSecond(status.path("timestamp").asLong(clock.instant().getEpochSecond()))
                    : clock.instant();
            chain = chain.chain(() -> messages.status(id, ours, at, clock.instant()));
        }
        return chain;
    }

    /**
     * Messages the channel received, each stored before the webhook is acknowledged, once per
     * WHAPI message id (WHAPI repeats a webhook it saw no answer for). The channel's own sends come
     * back as messages with from_me: those are already stored, as sent.
     */
    private Uni<Void> inboundMessages(Channel channel, JsonNode body) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (JsonNode message : body.path("messages")) {
            String id = message.path("id").asText(null);
            String chatId = message.path("chat_id").asText(null);
            if (id == null || chatId == null || message.path("from_me").asBoolean(false)) {
                continue;
            }
            chain = chain.chain(() -> messages.received(InboundMessages.of(channel, message, clock.instant())).replaceWithVoid());
        }
        return chain;
    }

    /** Unknown channel and wrong secret answer alike, so channel ids cannot be probed. */
    private boolean authentic(Channel channel, String presentedSecret) {
        return channel != null && channel.state == ChannelState.ACTIVE
                && WebhookSecrets.accepted(presentedSecret, channel.webhookSecretHash, channel.previousWebhookSecretHash,
                channel.previousWebhookSecretUntil, clock.instant());
    }

    private static ChannelRefusal unauthorized() {
        return new ChannelRefusal.WebhookNotAuthentic();
    }

    private Uni<Void> changeStatus(Channel channel, String status) {
        String previous = channel.linkStatus;
        channel.linkStatus = status;
        channel.touch(clock.instant());
        return events.append(new ChannelStatusChanged(channel.id.toString(), channel.customerId, status, previous, clock.instant()));
    }

    /**
     * The link status a webhook tells: "channel" events carry WHAPI's health status (QR, AUTH, ...),
     * "users" events a login (AUTH) or a logout (back to QR). Other events carry no status (null).
     */
    static String statusOf(JsonNode body) {
        JsonNode event = body == null ? null : body.path("event");
        if (event == null || !event.path("type").isTextual()) {
            throw new ChannelRefusal.NotAWebhook();
        }
        return switch (event.path("type").asText()) {
            case "channel" -> {
                JsonNode text = body.path("health").path("status").path("text");
                yield text.isTextual() && !text.asText().isBlank() ? text.asText() : null;
            }
            case "users" -> switch (event.path("event").asText()) {
                case "post" -> "AUTH";
                case "delete" -> "QR";
                default -> null;
            };
            default -> null;
        };
    }
}
