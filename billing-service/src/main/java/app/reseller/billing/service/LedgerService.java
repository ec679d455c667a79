package app.reseller.billing.service;

import app.reseller.billing.Accounts;
import app.reseller.platform.events.UniqueViolations;
import app.reseller.billing.TransferKind;
import app.reseller.billing.config.BillingConfig;
import app.reseller.billing.repository.BillingChannelRepository;
import app.reseller.billing.repository.LedgerRepository;
import app.reseller.billing.repository.LedgerRepository.NewTransfer;
import app.reseller.platform.events.contract.BillingEvents.ChannelExtensionRequested;
import app.reseller.platform.events.contract.BillingEvents.BillingEvent;
import app.reseller.platform.events.contract.BillingEvents.DaysAllocated;
import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import app.reseller.billing.BillingRefusal;
import app.reseller.platform.domain.InvalidValue;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.domain.Refusal;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Moves days between ledger accounts. Every method must run inside a transaction (the callers are
 * {@code @WithTransaction}); a movement, both cached balances and the events it causes commit
 * together. Concurrency: both account rows are locked in id order, then the debit is a single
 * conditional UPDATE, backed by {@code CHECK (balance >= 0)} on POOL and CUSTOMER accounts.
 */
@ApplicationScoped
public class LedgerService {

    private static final Logger LOG = Logger.getLogger(LedgerService.class);

    private final LedgerRepository ledger;
    private final BillingChannelRepository channels;
    private final BillingEventsOutbox events;
    private final EntitlementService entitlements;
    private final BillingConfig config;

    public LedgerService(LedgerRepository ledger, BillingChannelRepository channels, BillingEventsOutbox events,
                         EntitlementService entitlements, BillingConfig config) {
        this.ledger = ledger;
        this.channels = channels;
        this.events = events;
        this.entitlements = entitlements;
        this.config = config;
    }

    public Uni<Posted> topUp(long days, String reference, String idempotencyKey, String actor) {
        requireSaneDays(days);
        return move(Movement.posted(TransferKind.TOP_UP, Accounts.EXTERNAL, Accounts.POOL, days, null,
                reference, null, idempotencyKey, actor));
    }

    public Uni<Posted> allocate(String customerId, long days, String reference, String idempotencyKey, String actor) {
        requireSaneDays(days);
        return move(Movement.posted(TransferKind.ALLOCATE, Accounts.POOL, Accounts.customer(customerId), days, customerId,
                reference, null, idempotencyKey, actor))
                .call(posted -> events.append(new DaysAllocated(customerId, days, posted.toBalance(), posted.transferId())))
                .call(posted -> afterPoolDebit(posted.fromBalance(), days))
                .call(posted -> entitlements.announce(customerId));
    }

    public Uni<Posted> reclaim(String customerId, long days, String reason, String idempotencyKey, String actor) {
        requireSaneDays(days);
        return move(Movement.posted(TransferKind.RECLAIM, Accounts.customer(customerId), Accounts.POOL, days, customerId,
                null, reason, idempotencyKey, actor))
                .call(posted -> afterCustomerDebit(customerId, posted, days))
                .call(posted -> entitlements.announce(customerId));
    }

    /** An admin correction: positive days flow EXTERNAL -> account, negative account -> EXTERNAL. */
    public Uni<Posted> adjust(String accountId, long signedDays, String reason, String idempotencyKey, String actor) {
        if (signedDays == 0) {
            throw new InvalidValue("days", "invalid-days", "Invalid number of days", "an adjustment cannot be 0 days");
        }
        requireSaneDays(Math.abs(signedDays));
        if (reason == null || reason.isBlank()) {
            throw new InvalidValue("reason", "reason-required", "A reason is required", "every adjustment needs a reason");
        }
        if (!Accounts.isAdjustable(accountId)) {
            throw new InvalidValue("account", "invalid-account", "Invalid account",
                    "account must be POOL, CUSTOMER:<id> or CHANNEL:<id>, got '" + accountId + "'");
        }
        String customerId = "CUSTOMER".equals(Accounts.kindOf(accountId)) ? Accounts.ownerOf(accountId) : null;
        Movement movement = signedDays > 0
                ? Movement.posted(TransferKind.ADJUST, Accounts.EXTERNAL, accountId, signedDays, customerId, null, reason, idempotencyKey, actor)
                : Movement.posted(TransferKind.ADJUST, accountId, Accounts.EXTERNAL, -signedDays, customerId, null, reason, idempotencyKey, actor);
        Uni<Posted> posted = move(movement);
        if (signedDays < 0 && customerId != null) {
            posted = posted.call(p -> afterCustomerDebit(customerId, p, -signedDays));
        } else if (signedDays < 0 && Accounts.POOL.equals(accountId)) {
            posted = posted.call(p -> afterPoolDebit(p.fromBalance(), -signedDays));
        }
        return customerId == null ? posted : posted.call(p -> entitlements.announce(customerId));
    }

    /**
     * Billing knows a channel from channel-service's ChannelCreated, a moment after channel-service
     * answered its creation: a channel id billing has not seen may simply not have arrived yet, so it
     * is never called nonexistent. A retryable 409 (Retry-After) says so; only an id that cannot be a
     * channel's (channel ids are UUIDs) is a 404. docs/billing.md, "A channel billing has not heard of yet".
     */
    static Refusal unknownChannel(String channelId) {
        try {
            UUID.fromString(channelId);
        } catch (IllegalArgumentException notAChannelId) {
            return new NotFound("Channel", channelId);
        }
        return new BillingRefusal.ChannelNotYetKnown(channelId, CHANNEL_KNOWN_WITHIN);
    }

    static final Duration CHANNEL_KNOWN_WITHIN = Duration.ofSeconds(2);

    /**
     * Reserves days for a channel (CUSTOMER -> CHANNEL, RESERVED) and asks channel-service to extend
     * it on WHAPI. The days leave the customer's balance at once, so they cannot be spent twice.
     */
    public Uni<Reserved> reserveExtension(String channelId, long days, String comment, String idempotencyKey, String actor) {
        requireSaneDays(days);
        if (comment == null || comment.isBlank()) {
            throw new InvalidValue("comment", "comment-required", "A comment is required",
                    "WHAPI shows the comment in its billing history; it cannot be empty");
        }
        return channels.ownerAndOpenExtension(channelId)
                .onItem().ifNull().failWith(() -> unknownChannel(channelId))
                .chain(row -> {
                            String customerId = row.customerId();
                            if (row.extensionOpen()) {
                                throw new BillingRefusal.ExtensionInProgress(channelId);
                            }
                            UUID requestId = UUID.randomUUID();
                            Movement movement = new Movement(TransferKind.EXTEND, Accounts.customer(customerId),
                                    Accounts.channel(channelId), days, "RESERVED", customerId, channelId, requestId,
                                    null, comment, idempotencyKey, actor);
                            // the request, its balance alerts and the new entitlement: one outbox insert
                            return move(movement)
                                    // an extension of the channel reserved since the check above (the one-open-extension index)
                                    .onFailure(e -> UniqueViolations.of(e, "ledger_transfer_one_open_extension_per_channel"))
                                    .transform(e -> new BillingRefusal.ExtensionInProgress(channelId))
                                    .call(posted -> entitlements.snapshot(customerId).chain(entitlement -> {
                                        List<BillingEvent> out = new ArrayList<>();
                                        out.add(new ChannelExtensionRequested(requestId, channelId, customerId, (int) days, comment));
                                        out.addAll(BalanceAlerts.afterCustomerDebit(customerId, posted.transferId(), posted.fromBalance(), days,
                                                config.balanceLowThresholdsDays()));
                                        out.add(entitlement);
                                        return events.appendAll(out);
                                    }))
                                    .map(posted -> new Reserved(requestId, posted.transferId(), customerId, posted.fromBalance()));
                        });
    }

    /** WHAPI extended the channel: the reservation becomes final. Unknown or settled requests change nothing. */
    public Uni<Void> confirmExtension(UUID requestId, Instant activeTill) {
        return ledger.lockReservation(requestId).chain(reservation -> {
            if (reservation == null || !"RESERVED".equals(reservation.status())) {
                LOG.warnf("ChannelExtended for request %s that is not reserved (%s): nothing to confirm", requestId,
                        reservation == null ? "unknown" : reservation.status());
                return Uni.createFrom().voidItem();
            }
            return ledger.settleReservation(reservation.transferId(), "CONFIRMED")
                    .chain(() -> activeTill == null ? Uni.createFrom().voidItem()
                            : channels.setActiveTill(reservation.channelId(), activeTill));
        });
    }

    /** WHAPI did not extend: the reserved days go back to the customer (an appended RELEASE transfer). */
    public Uni<Void> releaseExtension(UUID requestId, String reason) {
        return ledger.lockReservation(requestId).chain(reservation -> {
            if (reservation == null || !"RESERVED".equals(reservation.status())) {
                LOG.warnf("ChannelExtensionFailed for request %s that is not reserved: nothing to release", requestId);
                return Uni.createFrom().voidItem();
            }
            Movement giveBack = new Movement(TransferKind.RELEASE, Accounts.channel(reservation.channelId()),
                    Accounts.customer(reservation.customerId()), reservation.days(), "POSTED", reservation.customerId(),
                    reservation.channelId(), null, "request " + requestId, reason, "release:" + requestId, "system:saga");
            return ledger.settleReservation(reservation.transferId(), "RELEASED")
                    .chain(() -> move(giveBack))
                    .chain(() -> entitlements.announce(reservation.customerId()));
        });
    }

    /**
     * A deleted channel's unused days go back to its customer, but never more than was confirmed
     * paid on the channel and not yet refunded: reserved days are settled by their own saga
     * (ChannelExtended / ChannelExtensionFailed, which channel-service emits before ChannelDeleted),
     * and trial days were never the customer's. The channel's account is locked first, so two
     * refunds of one channel cannot both see the same refundable days.
     */
    public Uni<Void> refundDeletedChannel(String channelId, String customerId, long unusedDays, String eventKey) {
        return channels.markDeleted(channelId).chain(() -> refundUnused(channelId, customerId, unusedDays, "channel deleted", eventKey));
    }

    /**
     * A paused channel's saved days (WHAPI withdrew them on its stop) go back to its customer, by the
     * same rule as a delete's: never more than was confirmed paid on the channel and not yet refunded
     * (trial days and reserved ones never). A resumed channel is paid for again by an extension.
     */
    public Uni<Void> refundPausedChannel(String channelId, String customerId, long savedDays, String eventKey) {
        return channels.setPaused(channelId, true).chain(() -> refundUnused(channelId, customerId, savedDays, "channel paused", eventKey));
    }

    private Uni<Void> refundUnused(String channelId, String customerId, long unusedDays, String reason, String eventKey) {
        String channelAccount = Accounts.channel(channelId);
        return ledger.lockAccount(channelAccount)
                .chain(() -> ledger.refundable(channelId))
                .chain(refundable -> {
                    long refund = Math.min(Math.max(unusedDays, 0), Math.max(refundable, 0));
                    if (refund < unusedDays) {
                        LOG.infof("channel %s reports %d unused days, %d of them confirmed paid and not refunded: refunding %d",
                                channelId, unusedDays, refundable, refund);
                    }
                    if (refund == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    return move(new Movement(TransferKind.REFUND, channelAccount, Accounts.customer(customerId), refund,
                            "POSTED", customerId, channelId, null, null, reason, eventKey, "system:saga"))
                            .chain(() -> entitlements.announce(customerId));
                });
    }

    /** The core: make sure both accounts exist, lock them in id order, then debit, credit and append in one statement. */
    Uni<Posted> move(Movement m) {
        NewTransfer transfer = new NewTransfer(m.kind().name(), m.from(), m.to(), m.days(), m.status(), m.customerId(),
                m.channelId(), m.requestId(), m.reference(), m.reason(),
                m.idempotencyKey() == null ? UUID.randomUUID().toString() : m.idempotencyKey(), m.actor());
        return ledger.ensureAccounts(m.from(), m.to())
                .chain(() -> ledger.lock(m.from(), m.to()))
                .chain(() -> ledger.post(transfer))
                .chain(posted -> posted != null
                        ? Uni.createFrom().item(new Posted(posted.transferId(), posted.fromBalance(), posted.toBalance()))
                        : ledger.balance(m.from()).map(available -> {
                            throw insufficient(m, available);
                        }));
    }

    private Uni<Void> afterCustomerDebit(String customerId, Posted posted, long days) {
        List<BillingEvent> alerts = BalanceAlerts.afterCustomerDebit(customerId, posted.transferId(), posted.fromBalance(), days,
                config.balanceLowThresholdsDays());
        return alerts.isEmpty() ? Uni.createFrom().voidItem() : events.appendAll(alerts);
    }

    private Uni<Void> afterPoolDebit(long poolAfter, long days) {
        List<BillingEvent> alerts = BalanceAlerts.afterPoolDebit(poolAfter, days, config.poolLowThresholdsDays());
        return alerts.isEmpty() ? Uni.createFrom().voidItem() : events.appendAll(alerts);
    }

    private void requireSaneDays(long days) {
        if (days <= 0 || days > config.maxDaysPerMovement()) {
            throw new InvalidValue("days", "invalid-days", "Invalid number of days",
                    "days must be between 1 and " + config.maxDaysPerMovement() + ", got " + days);
        }
    }

    private static BillingRefusal insufficient(Movement m, long available) {
        return new BillingRefusal.InsufficientBalance(m.from(), Accounts.POOL.equals(m.from()), available, m.days());
    }

    public record Reserved(UUID requestId, long transferId, String customerId, long customerBalance) {
    }
}
