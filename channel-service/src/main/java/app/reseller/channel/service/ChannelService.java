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
import app.reseller.channel.repository.ExtensionRequestRepository;
import app.reseller.channel.service.WhapiSettingsService.PartnerCredentials;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.StaleWrites;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.web.Caller;
import app.reseller.channel.ChannelRefusal;
import app.reseller.platform.domain.CallFailures;
import app.reseller.platform.domain.IdempotencyKeyReused;
import app.reseller.platform.domain.ProviderFault;
import app.reseller.platform.domain.NotFound;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Clock;
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
    private final ExtensionExecutor executor;
    private final ExtensionRequestRepository extensionRequests;
    private final Clock clock;

    public ChannelService(ChannelRepository channels, EntitlementRepository entitlements, WhapiSettingsService settings,
                          WhapiManager manager, ChannelWebhooks webhooks, ChannelEventsOutbox events, SecretBox secrets,
                          ChannelConfig config, ExtensionExecutor executor, ExtensionRequestRepository extensionRequests,
                          Clock clock) {
        this.channels = channels;
        this.entitlements = entitlements;
        this.settings = settings;
        this.manager = manager;
        this.webhooks = webhooks;
        this.events = events;
        this.secrets = secrets;
        this.config = config;
        this.executor = executor;
        this.extensionRequests = extensionRequests;
        this.clock = clock;
    }

    // ---- create ----

    public Uni<Channel> create(String customerId, String name, String phone) {
        return create(customerId, name, phone, null);
    }

    /**
     * As above, once per Idempotency-Key: a repeat answers with the channel the first attempt made
     * (409 while it is still being created; 422 for a different request under the same key).
     */
    public Uni<Channel> create(String customerId, String name, String phone, String idempotencyKey) {
        if (idempotencyKey == null) {
            return createNew(customerId, name, phone, null);
        }
        return Panache.withSession(() -> channels.byIdempotencyKey(customerId, idempotencyKey))
                .chain(earlier -> earlier != null ? replay(earlier, name, phone)
                        : createNew(customerId, name, phone, idempotencyKey)
                        // a concurrent create with the same key won the unique index: answer with its channel
                        .onFailure(ChannelService::isUniqueViolation).recoverWithUni(lost -> Panache.withSession(() ->
                                channels.byIdempotencyKey(customerId, idempotencyKey)).chain(won -> replay(won, name, phone))));
    }

    private static Uni<Channel> replay(Channel earlier, String name, String phone) {
        if (!earlier.name.equals(name) || !java.util.Objects.equals(earlier.phone, phone)) {
            return Uni.createFrom().failure(new IdempotencyKeyReused("this Idempotency-Key was used to create a different channel"));
        }
        if (earlier.state == ChannelState.CREATING) {
            return Uni.createFrom().failure(new ChannelRefusal.CreationInProgress(earlier.id));
        }
        return Uni.createFrom().item(earlier);
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    private Uni<Channel> createNew(String customerId, String name, String phone, String idempotencyKey) {
        return Panache.withTransaction(() -> reserveSlot(customerId, name, phone, idempotencyKey))
                .chain(reserved -> settings.credentials()
                        .chain(credentials -> createAtWhapi(credentials, reserved))
                        .onFailure().call(failure -> markFailed(reserved.id, failure))
                        .chain(created -> activate(reserved.id, created)))
                .call(webhooks::configure);
    }

    /**
     * The plan check and the slot, in one transaction under the customer's entitlement row lock: a
     * concurrent create of the same customer waits here and then counts this slot.
     */
    private Uni<Channel> reserveSlot(String customerId, String name, String phone, String idempotencyKey) {
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
                    : channels.persistAndFlush(Channel.reserve(customerId, name, phone, idempotencyKey, clock.instant())));
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

    /** The WHAPI channel created for this one (found by the id tag in its name), or null. */
    Uni<WhapiChannel> findAtWhapi(PartnerCredentials credentials, Channel channel) {
        return findByName(credentials, whapiName(channel), 0);
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

    Uni<Void> markFailed(UUID id, Throwable failure) {
        if (answerMayBeLost(failure)) {
            LOG.warnf("channel %s: WHAPI's create did not answer and no channel named like it was found; "
                    + "if one appears in WHAPI's list later it is an orphan to delete", id);
        }
        return StaleWrites.inTransaction(() -> channels.findById(id).invoke(channel -> {
            if (channel.state != ChannelState.CREATING) {
                return; // the reconciler settled it meanwhile
            }
            channel.state = ChannelState.FAILED;
            channel.failure = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            channel.touch(clock.instant());
        })).replaceWithVoid();
    }

    /** WHAPI created the channel: CREATING -> ACTIVE with ChannelCreated, once (the reconciler may race the create). */
    Uni<Channel> activate(UUID id, WhapiChannel created) {
        return StaleWrites.inTransaction(() -> channels.findById(id).chain(channel -> {
            if (channel.state != ChannelState.CREATING) {
                return channel.state == ChannelState.ACTIVE ? Uni.createFrom().item(channel)
                        : Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
            }
            channel.whapiId = created.id();
            channel.tokenSealed = secrets.seal(Channel.TOKEN_PURPOSE, created.token());
            channel.mode = ChannelMode.fromWhapi(created.mode());
            channel.activeTill = created.activeTillInstant();
            channel.linkStatus = "NOT_INIT";
            channel.state = ChannelState.ACTIVE;
            channel.touch(clock.instant());
            LOG.infof("channel %s created for customer %s (WHAPI %s, %s until %s)", channel.id, channel.customerId,
                    channel.whapiId, channel.mode, channel.activeTill);
            return events.append(new ChannelCreated(channel.id.toString(),
                    channel.customerId, channel.name, channel.mode.name(), channel.activeTill)).replaceWith(channel);
        }));
    }

    // ---- read ----

    /**
     * The channel if the caller may see it: the one ownership check. Another customer's channel is a
     * 404, like a missing one, and so is a channel an API key is not limited to.
     */
    public Uni<Channel> find(Caller caller, UUID id) {
        return find(id).invoke(channel -> caller.mayUseChannel(channel.customerId, id));
    }

    @WithSession
    public Uni<Channel> find(UUID id) {
        return channels.findById(id).onItem().ifNull().failWith(() -> new NotFound("channel", id))
                .onItem().transform(channel -> {
                    if (channel.state == ChannelState.DELETED || channel.state == ChannelState.FAILED) {
                        throw new NotFound("channel", id);
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
                    // WHAPI no longer knows it: most often a delete that raced this sync
                    .onFailure(ChannelService::isNotFound).recoverWithUni(gone -> find(id).chain(this::requireActive)
                            .chain(stillActive -> Uni.createFrom().<WhapiChannel>failure(gone)))
                    .chain(whapi -> StaleWrites.inTransaction(() -> channels.findById(id).chain(this::requireActive)
                            .invoke(stored -> {
                                stored.activeTill = whapi.activeTillInstant() == null ? stored.activeTill : whapi.activeTillInstant();
                                stored.mode = stored.paid ? stored.mode : ChannelMode.fromWhapi(whapi.mode());
                                stored.touch(clock.instant());
                            })))
                    .call(stored -> stored.webhooksConfigured ? Uni.createFrom().voidItem() : webhooks.configure(stored));
        });
    }

    /** The channel, if it is still live; a delete that began meanwhile makes it gone for the caller. */
    private Uni<Channel> requireActive(Channel channel) {
        if (channel == null || channel.state == ChannelState.DELETED || channel.state == ChannelState.DELETING) {
            return Uni.createFrom().failure(new NotFound("channel", channel == null ? null : channel.id));
        }
        return channel.state == ChannelState.ACTIVE ? Uni.createFrom().item(channel)
                : Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
    }

    // ---- delete ----

    /**
     * Deletes the channel, in steps that a crash or a racing delete can resume:
     * <ol>
     *   <li>ACTIVE -> DELETING (versioned): from here no sync, webhook or extension brings it back;</li>
     *   <li>open extensions whose call may have reached WHAPI are taken over (their executor is fenced
     *       out), WHAPI's activeTill is read, and each is settled from it: ChannelExtended or
     *       ChannelExtensionFailed, so billing settles the days before it refunds;</li>
     *   <li>WHAPI's delete (404 counts as done);</li>
     *   <li>DELETING -> DELETED under the row lock, failing in the same transaction every request that
     *       never started, with one ChannelDeleted carrying the unused days (from the activeTill read
     *       in step 2), which billing refunds up to what was confirmed paid.</li>
     * </ol>
     */
    public Uni<Void> delete(UUID id) {
        return beginDeletion(id).chain(channel -> settings.credentials().chain(credentials -> settleAndDelete(credentials, channel)));
    }

    private Uni<Channel> beginDeletion(UUID id) {
        return StaleWrites.inTransaction(() -> channels.findById(id).chain(channel -> {
            if (channel == null || channel.state == ChannelState.DELETED || channel.state == ChannelState.FAILED) {
                return Uni.createFrom().failure(new NotFound("channel", id));
            }
            if (channel.state == ChannelState.CREATING) {
                return Uni.createFrom().failure(ChannelRefusals.notReady("being created"));
            }
            if (channel.state == ChannelState.ACTIVE) {
                channel.state = ChannelState.DELETING;
                channel.touch(clock.instant());
            }
            return Uni.createFrom().item(channel); // DELETING already: a racing or crashed delete, resumed
        }));
    }

    private Uni<Void> settleAndDelete(PartnerCredentials credentials, Channel channel) {
        return executor.takeOverForDeletion(channel.id)
                .chain(taken -> manager.get(credentials.authorization(), channel.whapiId)
                        .map(WhapiChannel::activeTillInstant)
                        .onFailure(ChannelService::isNotFound).recoverWithNull()
                        .chain(activeTill -> Multi.createFrom().iterable(taken)
                                .onItem().transformToUniAndConcatenate(claim -> executor.settleForDeletion(claim, activeTill))
                                .collect().asList().replaceWith(activeTill)))
                .chain(activeTill -> manager.delete(credentials.authorization(), channel.whapiId)
                        .onFailure(ChannelService::isNotFound).recoverWithNull()
                        .replaceWith(activeTill == null ? channel.activeTill : activeTill))
                .chain(activeTill -> markDeleted(channel.id, unusedDays(activeTill, clock.instant())));
    }

    private Uni<Void> markDeleted(UUID id, long unusedDays) {
        return Panache.withTransaction(() -> channels.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(channel -> {
            if (channel.state != ChannelState.DELETING) {
                return Uni.createFrom().voidItem(); // a racing delete got here first and emitted the event
            }
            return executor.failUnstartedForDeletion(id)
                    .chain(() -> extensionRequests.countOpen(id))
                    .chain(open -> {
                        if (open > 0) {
                            // an extend call started after our take-over: the next try settles it first
                            return Uni.createFrom().failure(ChannelRefusals.deletionInProgress());
                        }
                        channel.state = ChannelState.DELETED;
                        channel.deletedAt = clock.instant();
                        channel.tokenSealed = null; // nothing left to use it for
                        channel.webhookSecretHash = null;
                        channel.touch(clock.instant());
                        LOG.infof("channel %s deleted, %d unused day(s) back to the partner balance", id, unusedDays);
                        return events.append(new ChannelDeleted(channel.id.toString(), channel.customerId, unusedDays));
                    });
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
        return CallFailures.inTransit(failure) || failure instanceof ProviderFault fault && fault.outcome() == ProviderFault.Outcome.UNKNOWN;
    }
}
