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

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a customer's endpoint may subscribe to: a public name per platform event. The delivery's
 * data is the event's own payload (docs/asyncapi.yaml), so both are documented once.
 */
public enum WebhookEventType {
    MESSAGE_RECEIVED("message.received", ChannelMessageReceived.TYPE),
    MESSAGE_STATUS("message.status", ChannelMessageStatusChanged.TYPE),
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

    WebhookEventType(String publicName, String platformType) {
        this.publicName = publicName;
        this.platformType = platformType;
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
