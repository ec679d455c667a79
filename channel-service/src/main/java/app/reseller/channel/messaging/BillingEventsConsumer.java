package app.reseller.channel.messaging;

import app.reseller.channel.repository.ExtensionRequestRepository;
import app.reseller.channel.service.EntitlementReplica;
import app.reseller.platform.events.IdempotentConsumer;
import app.reseller.platform.events.ReceivedEvent;
import app.reseller.platform.events.contract.BillingEvents.ChannelExtensionRequested;
import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import app.reseller.platform.events.contract.BillingEvents.PlanActivated;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionEnded;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionRestored;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionSuspended;
import app.reseller.channel.service.LapsedCustomers;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.UUID;

/**
 * What channel-service takes from billing: the entitlement replica, extension requests, and the
 * grace policy's steps (a suspended customer's channels paused, resumed when it pays, deleted when it
 * expires unpaid: each a bulk job keyed by the event, LapsedCustomers). An
 * extension request is only stored here (once per requestId); the ExtensionExecutor calls WHAPI
 * later. So consuming, redelivering or replaying billing.events never calls WHAPI by itself.
 */
@ApplicationScoped
public class BillingEventsConsumer {

    static final String CONSUMER = "channel.billing-events";
    private static final Logger LOG = Logger.getLogger(BillingEventsConsumer.class);

    private final IdempotentConsumer consumer;
    private final EntitlementReplica entitlements;
    private final ExtensionRequestRepository extensions;
    private final ObjectMapper json;
    private final Clock clock;
    private final LapsedCustomers lapsed;

    public BillingEventsConsumer(IdempotentConsumer consumer, EntitlementReplica entitlements,
                                 ExtensionRequestRepository extensions, ObjectMapper json, Clock clock, LapsedCustomers lapsed) {
        this.lapsed = lapsed;
        this.consumer = consumer;
        this.entitlements = entitlements;
        this.extensions = extensions;
        this.json = json;
        this.clock = clock;
    }

    @Incoming("billing-events")
    public Uni<Void> onBillingEvent(Message<String> message) {
        return consumer.apply(CONSUMER, message, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        return switch (event.type()) {
            case PlanActivated.TYPE -> {
                PlanActivated activated = event.dataAs(json, PlanActivated.class);
                yield entitlements.planActivated(activated.customerId(), activated.maxChannels());
            }
            case SubscriptionEnded.TYPE -> {
                SubscriptionEnded ended = event.dataAs(json, SubscriptionEnded.class);
                yield entitlements.subscriptionEnded(ended.customerId())
                        .call(() -> SubscriptionEnded.UNPAID.equals(ended.reason()) ? lapsed.ended(ended.customerId(), event.id())
                                : Uni.createFrom().voidItem());
            }
            case SubscriptionSuspended.TYPE -> lapsed.suspended(event.dataAs(json, SubscriptionSuspended.class).customerId(), event.id());
            case SubscriptionRestored.TYPE -> lapsed.restored(event.dataAs(json, SubscriptionRestored.class).customerId(), event.id());
            case EntitlementChanged.TYPE -> {
                yield entitlements.entitlementChanged(event.dataAs(json, EntitlementChanged.class));
            }
            case ChannelExtensionRequested.TYPE -> {
                ChannelExtensionRequested requested = event.dataAs(json, ChannelExtensionRequested.class);
                yield extensions.insertOnce(requested.requestId(), UUID.fromString(requested.channelId()),
                                requested.customerId(), requested.days(), comment(requested), clock.instant())
                        .invoke(stored -> {
                            if (!stored) {
                                LOG.infof("extension request %s was already stored; not extended again", requested.requestId());
                            }
                        })
                        .replaceWithVoid();
            }
            default -> Uni.createFrom().voidItem(); // DaysAllocated, BalanceLow: not channel-service's concern
        };
    }

    /** WHAPI requires a comment (it shows on the partner's billing history). */
    private static String comment(ChannelExtensionRequested requested) {
        String comment = requested.comment() == null || requested.comment().isBlank() ? "extension" : requested.comment();
        return comment + " (request " + requested.requestId() + ")";
    }
}
