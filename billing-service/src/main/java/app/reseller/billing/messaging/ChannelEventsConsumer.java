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
import app.reseller.platform.events.contract.ChannelEvents.ChannelPaused;
import app.reseller.platform.events.contract.ChannelEvents.ChannelResumed;
import app.reseller.platform.domain.Refusal;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * The billing side of the channel saga. Each event is applied once (IdempotentConsumer), in the
 * same transaction as its ledger effect and the events that effect emits.
 */
@ApplicationScoped
public class ChannelEventsConsumer {

    static final String CONSUMER = "billing.channel-events";

    /**
     * The channel events billing acts on. channel.events also carries every message a channel receives and
     * every status of what it sends (most of the topic at a busy hour); those are acknowledged without a
     * transaction, so they cost billing no commit and no processed_event row (a commit each, for an event it
     * does nothing with).
     */
    static final Set<String> ACTED_ON = Set.of(ChannelCreated.TYPE, ChannelExtended.TYPE, ChannelExtensionFailed.TYPE,
            ChannelDeleted.TYPE, ChannelPaused.TYPE, ChannelResumed.TYPE);
    private static final Logger LOG = Logger.getLogger(ChannelEventsConsumer.class);

    private final IdempotentConsumer consumer;
    private final LedgerService ledger;
    private final BillingChannelRepository channels;
    private final AutoTopUpService autoTopUp;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public ChannelEventsConsumer(IdempotentConsumer consumer, LedgerService ledger, BillingChannelRepository channels,
                                 AutoTopUpService autoTopUp, ObjectMapper json, MeterRegistry metrics) {
        this.metrics = metrics;
        this.consumer = consumer;
        this.ledger = ledger;
        this.channels = channels;
        this.autoTopUp = autoTopUp;
        this.json = json;
    }

    @Incoming("channel-events")
    public Uni<Void> onChannelEvent(Message<String> message) {
        return consumer.applyOnly(ACTED_ON, CONSUMER, message, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        return switch (event.type()) {
            case ChannelCreated.TYPE -> {
                ChannelCreated created = event.dataAs(json, ChannelCreated.class);
                // AUTOMATIC customers get their first paid extension at once; topUp ignores the others
                yield channels.upsert(created.channelId(), created.customerId(), created.activeTill())
                        .chain(() -> autoTopUp.topUp(created.channelId(), "first paid extension")
                                // a refusal (e.g. no days left) is final: recorded, and the channel's replica stays;
                                // any other failure (the database away, a lock timeout) fails the event, which
                                // IdempotentConsumer retries if it is transient
                                .onFailure(Refusal.class).recoverWithItem(refusal -> refusedTopUp(created.channelId(), (Refusal) refusal)))
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
            case ChannelPaused.TYPE -> {
                ChannelPaused paused = event.dataAs(json, ChannelPaused.class);
                yield ledger.refundPausedChannel(paused.channelId(), paused.customerId(), paused.savedDays(), "event:" + event.id());
            }
            case ChannelResumed.TYPE -> {
                ChannelResumed resumed = event.dataAs(json, ChannelResumed.class);
                // running again, it needs days: AUTOMATIC customers are extended at once (a refusal is final, as at creation)
                yield channels.setPaused(resumed.channelId(), false)
                        .chain(() -> autoTopUp.topUp(resumed.channelId(), "channel resumed")
                                .onFailure(Refusal.class).recoverWithItem(refusal -> refusedTopUp(resumed.channelId(), (Refusal) refusal)))
                        .replaceWithVoid();
            }
            default -> Uni.createFrom().voidItem(); // not in ACTED_ON: applyOnly acknowledges those before this
        };
    }

    private boolean refusedTopUp(String channelId, Refusal refusal) {
        metrics.counter("auto.top.up.refused", "reason", refusal.type()).increment();
        LOG.warnf("automatic extension of channel %s refused: %s", channelId, refusal.getMessage());
        return false;
    }
}
