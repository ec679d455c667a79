package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelMode;
import app.reseller.channel.ChannelState;
import app.reseller.channel.client.WhapiChannel;
import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.channel.repository.EntitlementRepository;
import app.reseller.channel.service.WhapiSettingsService.PartnerCredentials;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.web.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Channels over their life: create (checked against the entitlement replica under the customer's
 * row lock), read, sync with WHAPI, delete. WHAPI is never called inside a database transaction:
 * a slot is reserved first (CREATING), WHAPI is asked, and the outcome is committed with its event.
 */
@ApplicationScoped
public class ChannelService {

    private static final Logger LOG = Logger.getLogger(ChannelService.class);
    private static final Duration DAY = Duration.ofDays(1);

    private final ChannelRepository channels;
    private final EntitlementRepository entitlements;
    private final WhapiSettingsService settings;
    private final WhapiManager manager;
    private final ChannelWebhooks webhooks;
    private final ChannelEventsOutbox events;
    private final SecretBox secrets;
    private final ChannelConfig config;

    public ChannelService(ChannelRepository channels, EntitlementRepository entitlements, WhapiSettingsService settings,
                          WhapiManager manager, ChannelWebhooks webhooks, ChannelEventsOutbox events, SecretBox secrets,
                          ChannelConfig config) {
        this.channels = channels;
        this.entitlements = entitlements;
        this.settings = settings;
        this.manager = manager;
        this.webhooks = webhooks;
        this.events = events;
        this.secrets = secrets;
        this.config = config;
    }

    // ---- create ----

    public Uni<Channel> create(String customerId, String name, String phone) {
        return Panache.withTransaction(() -> reserveSlot(customerId, name, phone))
                .chain(reserved -> settings.credentials()
                        .chain(credentials -> createAtWhapi(credentials, reserved))
                        .onFailure().call(failure -> markFailed(reserved.id, failure))
                        .onFailure().transform(WhapiProblems::toProblem)
                        .chain(created -> activate(reserved.id, created)))
                .call(webhooks::configure);
    }

    /**
     * The plan check and the slot, in one transaction under the customer's entitlement row lock: a
     * concurrent create of the same customer waits here and then counts this slot.
     */
    private Uni<Channel> reserveSlot(String customerId, String name, String phone) {
        return entitlements.lockFor(customerId).chain(entitlement -> {
            if (entitlement == null || !entitlement.active) {
                return Uni.createFrom().failure(ChannelRefusals.noActivePlan());
            }
            long minimum = config.create().minimumBalanceDays();
            if (minimum > 0 && entitlement.balanceDays < minimum) {
                return Uni.createFrom().failure(ChannelRefusals.insufficientBalance(entitlement.balanceDays, minimum));
            }
            return channels.countHoldingSlot(customerId).chain(held -> held >= entitlement.maxChannels
                    ? Uni.createFrom().failure(ChannelRefusals.channelLimitReached(entitlement.maxChannels))
                    : channels.persistAndFlush(Channel.reserve(customerId, name, phone)));
        });
    }

    /**
     * WHAPI's create is not idempotent, so it is never retried blindly. The WHAPI name carries our
     * id: after a lost answer the channel is looked up by it, and adopted if WHAPI did create it.
     */
    private Uni<WhapiChannel> createAtWhapi(PartnerCredentials credentials, Channel reserved) {
        String whapiName = whapiName(reserved);
        return manager.create(credentials.authorization(), whapiName, credentials.projectId(), reserved.phone)
                .onFailure(ChannelService::answerMayBeLost).recoverWithUni(lost -> findByName(credentials, whapiName, 0)
                        .onItem().ifNull().failWith(() -> lost)
                        .invoke(found -> LOG.infof("channel %s: WHAPI's create answer was lost, but the channel exists; adopted",
                                reserved.id)));
    }

    private Uni<WhapiChannel> findByName(PartnerCredentials credentials, String whapiName, int offset) {
        int page = 100;
        return manager.list(credentials.authorization(), page, offset).chain(list -> {
            for (JsonNode channel : list.path("channels")) {
                if (whapiName.equals(channel.path("name").asText())) {
                    return manager.get(credentials.authorization(), channel.path("id").asText());
                }
            }
            return list.path("channels").size() < page ? Uni.createFrom().nullItem() : findByName(credentials, whapiName, offset + page);
        });
    }

    static String whapiName(Channel channel) {
        return channel.name + " [" + channel.id.toString().substring(0, 8) + "]";
    }

    private Uni<Void> markFailed(UUID id, Throwable failure) {
        if (answerMayBeLost(failure)) {
            LOG.warnf("channel %s: WHAPI's create did not answer and no channel named like it was found; "
                    + "if one appears in WHAPI's list later it is an orphan to delete", id);
        }
        return Panache.withTransaction(() -> channels.findById(id).invoke(channel -> {
            channel.state = ChannelState.FAILED;
            channel.failure = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            channel.touch();
        })).replaceWithVoid();
    }

    private Uni<Channel> activate(UUID id, WhapiChannel created) {
        return Panache.withTransaction(() -> channels.findById(id).chain(channel -> {
            channel.whapiId = created.id();
            channel.tokenSealed = secrets.seal(Channel.TOKEN_PURPOSE, created.token());
            channel.mode = ChannelMode.fromWhapi(created.mode());
            channel.activeTill = created.activeTillInstant();
            channel.linkStatus = "NOT_INIT";
            channel.state = ChannelState.ACTIVE;
            channel.touch();
            LOG.infof("channel %s created for customer %s (WHAPI %s, %s until %s)", channel.id, channel.customerId,
                    channel.whapiId, channel.mode, channel.activeTill);
            return events.append(channel.id, ChannelCreated.TYPE, new ChannelCreated(channel.id.toString(),
                    channel.customerId, channel.name, channel.mode.name(), channel.activeTill)).replaceWith(channel);
        }));
    }

    // ---- read ----

    @WithSession
    public Uni<Channel> find(UUID id) {
        return channels.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("channel", id))
                .onItem().transform(channel -> {
                    if (channel.state == ChannelState.DELETED || channel.state == ChannelState.FAILED) {
                        throw ProblemException.notFound("channel", id);
                    }
                    return channel;
                });
    }

    @WithSession
    public Uni<List<Channel>> listOf(String customerId, int page, int size) {
        return channels.listOf(customerId, page, size);
    }

    /** Reads the channel from WHAPI and keeps what it says (activeTill, mode); re-sends missing webhook settings. */
    public Uni<Channel> sync(UUID id) {
        return find(id).chain(channel -> {
            if (!channel.isUsable()) {
                return Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
            }
            return settings.credentials()
                    .chain(credentials -> manager.get(credentials.authorization(), channel.whapiId))
                    .onFailure().transform(WhapiProblems::toProblem)
                    .chain(whapi -> Panache.withTransaction(() -> channels.findById(id).invoke(stored -> {
                        stored.activeTill = whapi.activeTillInstant() == null ? stored.activeTill : whapi.activeTillInstant();
                        stored.mode = stored.paid ? stored.mode : ChannelMode.fromWhapi(whapi.mode());
                        stored.touch();
                    })))
                    .call(stored -> stored.webhooksConfigured ? Uni.createFrom().voidItem() : webhooks.configure(stored));
        });
    }

    // ---- delete ----

    /**
     * Deletes the channel at WHAPI, then here, with a ChannelDeleted carrying the unused days (from
     * WHAPI's answer when it says, else from activeTill), which billing refunds. WHAPI's 404 on a
     * repeated delete counts as done; the final step locks the row, so only one ChannelDeleted is
     * ever emitted however many deletes race.
     */
    public Uni<Void> delete(UUID id) {
        return find(id).chain(channel -> {
            if (channel.state == ChannelState.CREATING) {
                return Uni.createFrom().failure(ChannelRefusals.notReady("being created"));
            }
            return settings.credentials().chain(credentials -> manager.get(credentials.authorization(), channel.whapiId)
                            .map(WhapiChannel::activeTillInstant)
                            .onFailure(ChannelService::isNotFound).recoverWithItem(channel.activeTill)
                            .chain(activeTill -> manager.delete(credentials.authorization(), channel.whapiId)
                                    .onFailure(ChannelService::isNotFound).recoverWithNull()
                                    .replaceWith(activeTill == null ? channel.activeTill : activeTill)))
                    .onFailure().transform(WhapiProblems::toProblem)
                    .chain(activeTill -> markDeleted(id, unusedDays(activeTill, Instant.now())));
        });
    }

    private Uni<Void> markDeleted(UUID id, long unusedDays) {
        return Panache.withTransaction(() -> channels.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(channel -> {
            if (channel.state != ChannelState.ACTIVE) {
                return Uni.createFrom().voidItem(); // a racing delete got here first and emitted the event
            }
            channel.state = ChannelState.DELETED;
            channel.deletedAt = Instant.now();
            channel.tokenSealed = null; // nothing left to use it for
            channel.webhookSecretHash = null;
            channel.touch();
            LOG.infof("channel %s deleted, %d unused day(s) back to the partner balance", id, unusedDays);
            return events.append(channel.id, ChannelDeleted.TYPE,
                    new ChannelDeleted(channel.id.toString(), channel.customerId, unusedDays));
        }));
    }

    /** Whole days left before activeTill: what WHAPI gives back to the partner balance on delete. */
    static long unusedDays(Instant activeTill, Instant now) {
        if (activeTill == null || !activeTill.isAfter(now)) {
            return 0;
        }
        return Duration.between(now, activeTill).toMillis() / DAY.toMillis();
    }

    static boolean isNotFound(Throwable failure) {
        return failure instanceof WhapiException e && e.status() == 404;
    }

    /** The call may have reached WHAPI and been applied; only a read can tell. */
    static boolean answerMayBeLost(Throwable failure) {
        return failure instanceof ProcessingException || failure instanceof IOException || failure instanceof TimeoutException
                || failure instanceof WhapiException.Transient t && t.status() != 429;
    }
}
