package app.reseller.messaging;

import app.reseller.platform.events.contract.BillingEvents.BalanceDepleted;
import app.reseller.platform.events.contract.BillingEvents.BalanceLow;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionEnded;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionLapsed;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionRestored;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionSuspended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExpiring;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelHealthChanged;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageReceived;
import app.reseller.platform.events.contract.ChannelEvents.ChannelMessageStatusChanged;
import app.reseller.platform.events.contract.ChannelEvents.ChannelPaused;
import app.reseller.platform.events.contract.ChannelEvents.ChannelResumed;
import app.reseller.platform.events.contract.ChannelEvents.ChannelStatusChanged;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a customer's endpoint may subscribe to: a public name per platform event. The delivery's
 * data is the event's own payload (docs/asyncapi.yaml), so both are documented once.
 */
public enum WebhookEventType {
    // a chat's messages in order, and one message's statuses: not the whole channel's (see queue)
    MESSAGE_RECEIVED("message.received", ChannelMessageReceived.TYPE, "chatId"),
    MESSAGE_STATUS("message.status", ChannelMessageStatusChanged.TYPE, "messageId"),
    CHANNEL_STATUS("channel.status", ChannelStatusChanged.TYPE),
    CHANNEL_HEALTH("channel.health", ChannelHealthChanged.TYPE),
    CHANNEL_EXPIRING("channel.expiring", ChannelExpiring.TYPE),
    CHANNEL_EXTENDED("channel.extended", ChannelExtended.TYPE),
    CHANNEL_CREATED("channel.created", ChannelCreated.TYPE),
    CHANNEL_PAUSED("channel.paused", ChannelPaused.TYPE),
    CHANNEL_RESUMED("channel.resumed", ChannelResumed.TYPE),
    CHANNEL_DELETED("channel.deleted", ChannelDeleted.TYPE),
    BALANCE_LOW("balance.low", BalanceLow.TYPE),
    BALANCE_DEPLETED("balance.depleted", BalanceDepleted.TYPE),
    SUBSCRIPTION_GRACE("subscription.grace", SubscriptionLapsed.TYPE),
    SUBSCRIPTION_SUSPENDED("subscription.suspended", SubscriptionSuspended.TYPE),
    SUBSCRIPTION_RESTORED("subscription.restored", SubscriptionRestored.TYPE),
    SUBSCRIPTION_ENDED("subscription.ended", SubscriptionEnded.TYPE);

    private final String publicName;
    private final String platformType;
    /** The payload field whose value splits the aggregate's queue, or null: the aggregate is one queue. */
    private final String orderedWithin;

    WebhookEventType(String publicName, String platformType) {
        this(publicName, platformType, null);
    }

    WebhookEventType(String publicName, String platformType, String orderedWithin) {
        this.publicName = publicName;
        this.platformType = platformType;
        this.orderedWithin = orderedWithin;
    }

    /**
     * The queue a delivery of this type waits in for an endpoint (only a queue's oldest pending delivery
     * may go): its aggregate's, or a part of it where only the part has an order. A channel's messages
     * and statuses are not one sequence: a chat's messages are, and so are one message's statuses.
     * One queue per channel let a channel's webhooks go one at a time, a whole claim-and-post round
     * each, and one delivery backing off held up every chat of the channel (docs/webhooks.md).
     */
    public String queue(String aggregateKey, JsonNode data) {
        JsonNode part = orderedWithin == null || data == null ? null : data.get(orderedWithin);
        return part == null || part.isNull() || part.asText().isEmpty() ? aggregateKey
                : aggregateKey + "/" + orderedWithin + "=" + part.asText();
    }

    public String publicName() {
        return publicName;
    }

    public static Optional<WebhookEventType> ofPlatformEvent(String type) {
        return Arrays.stream(values()).filter(t -> t.platformType.equals(type)).findFirst();
    }

    public static Optional<WebhookEventType> ofPublicName(String name) {
        return Arrays.stream(values()).filter(t -> t.publicName.equals(name)).findFirst();
    }

    public static List<String> publicNames() {
        return Arrays.stream(values()).map(WebhookEventType::publicName).toList();
    }
}
