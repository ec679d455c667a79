package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.BulkCreation;
import app.reseller.channel.ChannelMode;
import app.reseller.channel.Entitlement;
import app.reseller.channel.ChannelState;
import app.reseller.channel.client.WhapiChannel;
import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.channel.repository.EntitlementRepository;
import app.reseller.channel.service.WhapiSettingsService.PartnerCredentials;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.StaleWrites;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.channel.ChannelRefusal;
import app.reseller.platform.domain.CallFailures;
import app.reseller.platform.domain.IdempotencyKeyReused;
import app.reseller.platform.domain.ProviderFault;
import app.reseller.platform.domain.Refusal;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Creates channels: the plan check and the slot under the customer's entitlement row lock, then
 * WHAPI's create outside any transaction, then the outcome committed with its event. A lost answer
 * is settled by looking the channel up by the id tag in its WHAPI name (here, or by the reconciler).
 */
@ApplicationScoped
public class ChannelCreation {

    private static final Logger LOG = Logger.getLogger(ChannelCreation.class);

    private final ChannelRepository channels;
    private final EntitlementRepository entitlements;
    private final WhapiSettingsService settings;
    private final WhapiManager manager;
    private final ChannelWebhooks webhooks;
    private final ChannelEventsOutbox events;
    private final SecretBox secrets;
    private final ChannelConfig config;
    private final Clock clock;
    private final ChannelTrail trail;
    private final CreationBudget budget;

    public ChannelCreation(ChannelRepository channels, EntitlementRepository entitlements, WhapiSettingsService settings,
                           WhapiManager manager, ChannelWebhooks webhooks, ChannelEventsOutbox events, SecretBox secrets,
                           ChannelConfig config, Clock clock, ChannelTrail trail, CreationBudget budget) {
        this.trail = trail;
        this.budget = budget;
        this.channels = channels;
        this.entitlements = entitlements;
        this.settings = settings;
        this.manager = manager;
        this.webhooks = webhooks;
        this.events = events;
        this.secrets = secrets;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Channel> create(String customerId, String name, String phone) {
        return create(customerId, name, phone, null);
    }

    /**
     * As above, once per Idempotency-Key: a repeat answers with the channel the first attempt made
     * (409 while it is still being created; 422 for a different request under the same key).
     */
    public Uni<Channel> create(String customerId, String name, String phone, String idempotencyKey) {
        return create(customerId, name, phone, idempotencyKey, false);
    }

    /**
     * An operator's batch for one customer: every name joins the creation queue (the request never
     * waits for WHAPI; the queue creates them as the window allows, in turn with other customers).
     * One after the other, so the plan's limit counts each; a name refused does not stop the rest
     * from being tried (a later one is refused for the same reason, and says so). With a key, name
     * number i is created once under "key/i": a repeated batch answers with the same channels.
     */
    public Uni<BulkCreation> enqueueAll(String customerId, List<String> names, String idempotencyKey) {
        List<Channel> accepted = new java.util.ArrayList<>();
        List<BulkCreation.Refused> refused = new java.util.ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String key = idempotencyKey == null ? null : idempotencyKey + "/" + i;
            chain = chain.chain(() -> create(customerId, name, null, key, true)
                    .invoke(accepted::add)
                    .onFailure(failure -> failure instanceof Refusal && !(failure instanceof IdempotencyKeyReused)).recoverWithUni(refusal -> {
                        refused.add(new BulkCreation.Refused(name, (Refusal) refusal));
                        return Uni.createFrom().nullItem();
                    })
                    .replaceWithVoid());
        }
        return chain.map(done -> new BulkCreation(customerId, List.copyOf(accepted), List.copyOf(refused)));
    }

    private Uni<Channel> create(String customerId, String name, String phone, String idempotencyKey, boolean queueOnly) {
        if (idempotencyKey == null) {
            return createNew(customerId, name, phone, null, queueOnly);
        }
        return Panache.withSession(() -> channels.byIdempotencyKey(customerId, idempotencyKey))
                .chain(earlier -> earlier != null ? replay(earlier, name, phone, queueOnly)
                        : createNew(customerId, name, phone, idempotencyKey, queueOnly)
                        // a concurrent create with the same key won the unique index: answer with its channel
                        .onFailure(ChannelCreation::isUniqueViolation).recoverWithUni(lost -> Panache.withSession(() ->
                                channels.byIdempotencyKey(customerId, idempotencyKey)).chain(won -> replay(won, name, phone, queueOnly))));
    }

    /**
     * A repeat answers with what the first attempt made. A create answered with the created channel,
     * so a repeat while WHAPI is still being asked is told to wait; a batch answered with places in
     * the queue, so a repeat answers with the channel in whatever state the queue has taken it to
     * (the queue may start it between the batch and its retry).
     */
    private static Uni<Channel> replay(Channel earlier, String name, String phone, boolean queueOnly) {
        if (!earlier.name.equals(name) || !java.util.Objects.equals(earlier.phone, phone)) {
            return Uni.createFrom().failure(new IdempotencyKeyReused("this Idempotency-Key was used to create a different channel"));
        }
        if (earlier.state == ChannelState.CREATING && !queueOnly) {
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

    private Uni<Channel> createNew(String customerId, String name, String phone, String idempotencyKey, boolean queueOnly) {
        return Panache.withTransaction(() -> reserveSlot(customerId, name, phone, idempotencyKey, queueOnly))
                .chain(reserved -> reserved.state == ChannelState.QUEUED ? Uni.createFrom().item(reserved) : ask(reserved));
    }

    /** The queue's turn for this request came (it is CREATING, its start counted in the window): ask WHAPI now. */
    Uni<Channel> startQueued(UUID id) {
        return Panache.withSession(() -> channels.findById(id)).chain(channel -> channel == null || channel.state != ChannelState.CREATING
                ? Uni.createFrom().item(channel) // settled meanwhile (the reconciler)
                : ask(channel));
    }

    /**
     * WHAPI's create for a CREATING channel, then its outcome: ACTIVE with ChannelCreated, FAILED, or
     * QUEUED again when WHAPI's window turned out to be full (a 429 says WHAPI created nothing).
     */
    private Uni<Channel> ask(Channel reserved) {
        return settings.credentials()
                .chain(credentials -> createAtWhapi(credentials, reserved))
                .onFailure(ChannelCreation::windowFull).recoverWithUni(full -> budget.windowFull(reserved.id,
                        ((ProviderFault) full).retryAfter()).replaceWith((WhapiChannel) null))
                .onFailure().call(failure -> markFailed(reserved.id, failure))
                .chain(created -> created != null ? activate(reserved.id, created)
                        : Panache.withSession(() -> channels.findById(reserved.id)))
                .call(channel -> channel.state == ChannelState.ACTIVE ? webhooks.configure(channel) : Uni.createFrom().voidItem());
    }

    /** WHAPI's 429 on a create: its creation window is full (not an extend block, which create never meets). */
    static boolean windowFull(Throwable failure) {
        return failure instanceof WhapiException e && e.status() == 429;
    }

    /**
     * The plan check and the slot, in one transaction under the customer's entitlement row lock: a
     * concurrent create of the same customer waits here and then counts this slot. Then, under the
     * creation window's lock, whether WHAPI may be asked now or the request waits in the queue.
     */
    private Uni<Channel> reserveSlot(String customerId, String name, String phone, String idempotencyKey, boolean queueOnly) {
        return entitlements.lockFor(customerId).chain(entitlement -> {
            if (entitlement == null || !entitlement.active) {
                return Uni.createFrom().failure(ChannelRefusals.noActivePlan());
            }
            // the plan's limit first (the refusal a customer can act on by deleting one), then the days
            return channels.countHoldingSlot(customerId).chain(held -> held >= entitlement.maxChannels
                    ? Uni.createFrom().failure(ChannelRefusals.channelLimitReached(entitlement.maxChannels))
                    : enoughDays(entitlement).chain(() -> queueOnly ? Uni.createFrom().item(false) : budget.mayStartNow(clock.instant()))
                    .chain(now -> channels.persistAndFlush(now
                            ? Channel.reserve(customerId, name, phone, idempotencyKey, clock.instant())
                            : Channel.queue(customerId, name, phone, idempotencyKey, clock.instant())))
                    // the trail names the operation that asked: one entry per channel of an operator's batch too
                    .call(reserved -> trail.changed(queueOnly ? "bulkCreateChannels" : "createChannel", reserved, null, null)));
        });
    }

    /**
     * The creation policy: a new channel needs billing's minimum (the plan's, or what the allocation
     * mode implies) or the platform-wide one, whichever is more, and so does every channel of the
     * customer still waiting to be created (queued or being created): they will all take their days.
     */
    private Uni<Void> enoughDays(Entitlement entitlement) {
        long minimum = Math.max(config.create().minimumBalanceDays(), entitlement.creationMinimumDays);
        if (minimum == 0) {
            return Uni.createFrom().voidItem();
        }
        return channels.countAwaitingCreation(entitlement.customerId).chain(waiting -> entitlement.drawable() < minimum * (waiting + 1)
                ? Uni.createFrom().failure(ChannelRefusals.insufficientBalance(entitlement.drawable(), minimum, waiting))
                : Uni.createFrom().voidItem());
    }

    /**
     * WHAPI's create is not idempotent, so it is never retried blindly. The WHAPI name carries our
     * id: after a lost answer the channel is looked up by it, and adopted if WHAPI did create it.
     */
    private Uni<WhapiChannel> createAtWhapi(PartnerCredentials credentials, Channel reserved) {
        String whapiName = whapiName(reserved);
        return manager.create(credentials.authorization(), whapiName, credentials.projectId(), reserved.phone)
                .onFailure(ChannelCreation::answerMayBeLost).recoverWithUni(lost -> findByName(credentials, whapiName, 0)
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

    /** The call may have reached WHAPI and been applied; only a read can tell. */
    static boolean answerMayBeLost(Throwable failure) {
        return CallFailures.inTransit(failure) || failure instanceof ProviderFault fault && fault.outcome() == ProviderFault.Outcome.UNKNOWN;
    }
}
