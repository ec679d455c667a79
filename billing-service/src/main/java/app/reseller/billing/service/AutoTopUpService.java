package app.reseller.billing.service;

import app.reseller.billing.Accounts;
import app.reseller.billing.AllocationMode;
import app.reseller.billing.Plan;
import app.reseller.billing.config.BillingConfig;
import app.reseller.billing.repository.BillingChannelRepository;
import app.reseller.billing.repository.CustomerSettingsRepository;
import app.reseller.billing.repository.LedgerRepository;
import app.reseller.billing.repository.PlanRepository;
import app.reseller.billing.repository.SubscriptionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tops up the channels of AUTOMATIC customers by themselves: before a channel's activeTill runs
 * out, reserve the plan's extensionDays (allocating from the pool first when the customer's balance
 * is short, within the plan's days per period) and request the extension.
 */
@ApplicationScoped
public class AutoTopUpService {

    private static final Logger LOG = Logger.getLogger(AutoTopUpService.class);
    /** Advisory lock key: one scheduler run at a time across replicas. */
    private static final long SCHEDULER_LOCK = 0x0B11_70_0FL;

    private final BillingChannelRepository channels;
    private final SubscriptionRepository subscriptions;
    private final PlanRepository plans;
    private final CustomerSettingsRepository settings;
    private final LedgerRepository ledger;
    private final LedgerService ledgerService;
    private final BillingConfig config;
    private final Clock clock;

    public AutoTopUpService(BillingChannelRepository channels, SubscriptionRepository subscriptions, PlanRepository plans,
                            CustomerSettingsRepository settings, LedgerRepository ledger, LedgerService ledgerService,
                            BillingConfig config, Clock clock) {
        this.channels = channels;
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.settings = settings;
        this.ledger = ledger;
        this.ledgerService = ledgerService;
        this.config = config;
        this.clock = clock;
    }

    /** One scheduler tick: returns how many extensions it requested (0 when another replica holds the lock). */
    public Uni<Integer> runOnce() {
        return dueChannels().chain(due -> due.isEmpty() ? Uni.createFrom().item(0)
                : Uni.join().all(due.stream().map(channelId -> topUp(channelId, "auto top-up")
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("auto top-up of channel %s skipped: %s", channelId, failure.getMessage());
                                    return false;
                                })).toList())
                        .usingConcurrencyOf(1).andFailFast()
                        .map(done -> (int) done.stream().filter(Boolean::booleanValue).count()));
    }

    @WithTransaction
    Uni<List<String>> dueChannels() {
        return channels.tryTransactionLock(SCHEDULER_LOCK)
                .chain(locked -> locked
                        ? channels.dueForAutoTopUp(clock.instant().plus(config.autoTopUp().leadTime()), 200)
                        : Uni.createFrom().item(List.<String>of()));
    }

    /**
     * Reserves one extension for the channel if its customer is AUTOMATIC with an active plan.
     * A second open request for the channel is impossible (a unique index), so racing callers are safe.
     */
    @WithTransaction
    public Uni<Boolean> topUp(String channelId, String comment) {
        return channels.ownerOfLive(channelId).chain(customerId -> {
            if (customerId == null) {
                return Uni.createFrom().item(false);
            }
            return settings.mode(customerId).chain(mode -> mode != AllocationMode.AUTOMATIC
                    ? Uni.createFrom().item(false)
                    : subscriptions.findActive(customerId).chain(active -> active == null
                    ? Uni.createFrom().item(false)
                    : plans.findById(active.planId).chain(plan -> ensureBalance(customerId, plan, active.currentPeriodEnd)
                    .chain(() -> ledgerService.reserveExtension(channelId, plan.extensionDays, comment,
                            "auto:" + channelId + ":" + java.util.UUID.randomUUID(), "system:auto-top-up"))
                    .replaceWith(true))));
        });
    }

    /**
     * Allocates the shortfall from the pool when the period's entitlement still allows it. The
     * customer's account row is locked first, in this transaction: two top-ups of one customer (two
     * replicas' schedulers, or a scheduler and a ChannelCreated) check the period's cap one after
     * the other, never both against the same total.
     */
    private Uni<Void> ensureBalance(String customerId, Plan plan, Instant periodEnd) {
        return ledger.lockAccount(Accounts.customer(customerId)).chain(() -> ledger.balance(Accounts.customer(customerId))).chain(balance -> {
            long shortfall = plan.extensionDays - balance;
            if (shortfall <= 0) {
                return Uni.createFrom().voidItem();
            }
            Instant periodStart = periodEnd.minus(Duration.ofDays(plan.periodDays));
            return ledger.allocatedSince(customerId, periodStart).chain(allocated -> {
                if (allocated + shortfall > plan.daysPerPeriod()) {
                    LOG.warnf("customer %s has used its %d days of this period; no automatic allocation",
                            customerId, plan.daysPerPeriod());
                    return Uni.createFrom().voidItem(); // the reservation below then fails as insufficient
                }
                return ledgerService.allocate(customerId, shortfall, "auto top-up", null, "system:auto-top-up").replaceWithVoid();
            });
        });
    }
}
