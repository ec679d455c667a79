package app.reseller.billing.messaging;

import app.reseller.billing.repository.BillingChannelRepository;
import app.reseller.billing.service.AutoTopUpService;
import app.reseller.billing.service.LedgerService;
import app.reseller.platform.events.IdempotentConsumer;
import app.reseller.platform.events.ReceivedEvent;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import app.reseller.platform.web.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The billing side of the channel saga. Each event is applied once (IdempotentConsumer), in the
 * same transaction as its ledger effect and the events that effect emits.
 */
@ApplicationScoped
public class ChannelEventsConsumer {

    static final String CONSUMER = "billing.channel-events";

    private final IdempotentConsumer consumer;
    private final LedgerService ledger;
    private final BillingChannelRepository channels;
    private final AutoTopUpService autoTopUp;
    private final ObjectMapper json;

    public ChannelEventsConsumer(IdempotentConsumer consumer, LedgerService ledger, BillingChannelRepository channels,
                                 AutoTopUpService autoTopUp, ObjectMapper json) {
        this.consumer = consumer;
        this.ledger = ledger;
        this.channels = channels;
        this.autoTopUp = autoTopUp;
        this.json = json;
    }

    @Incoming("channel-events")
    public Uni<Void> onChannelEvent(Message<String> message) {
        return consumer.apply(CONSUMER, message, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        return switch (event.type()) {
            case ChannelCreated.TYPE -> {
                ChannelCreated created = event.dataAs(json, ChannelCreated.class);
                // AUTOMATIC customers get their first paid extension at once; topUp ignores the others
                yield channels.upsert(created.channelId(), created.customerId(), created.activeTill())
                        .chain(() -> autoTopUp.topUp(created.channelId(), "first paid extension")
                                // a refused top-up (e.g. no days left) must not undo the channel's replica
                                .onFailure(ProblemException.class).recoverWithItem(false))
                        .replaceWithVoid();
            }
            case ChannelExtended.TYPE -> {
                ChannelExtended extended = event.dataAs(json, ChannelExtended.class);
                yield ledger.confirmExtension(extended.requestId(), extended.activeTill());
            }
            case ChannelExtensionFailed.TYPE -> {
                ChannelExtensionFailed failed = event.dataAs(json, ChannelExtensionFailed.class);
                yield ledger.releaseExtension(failed.requestId(), failed.reason());
            }
            case ChannelDeleted.TYPE -> {
                ChannelDeleted deleted = event.dataAs(json, ChannelDeleted.class);
                yield ledger.refundDeletedChannel(deleted.channelId(), deleted.customerId(), deleted.unusedDays(),
                        "event:" + event.id());
            }
            default -> Uni.createFrom().voidItem(); // status and mode changes are not billing's concern
        };
    }
}
