package app.reseller.billing.service;

import app.reseller.billing.Accounts;
import app.reseller.platform.events.activity.ActivityLog;
import app.reseller.billing.TransferKind;
import app.reseller.billing.repository.LedgerRepository;
import app.reseller.billing.repository.PartnerDaysRepository;
import app.reseller.billing.rest.Requests.AdjustmentRequest;
import app.reseller.billing.rest.Requests.AllocationRequest;
import app.reseller.billing.rest.Requests.ExtensionRequest;
import app.reseller.billing.rest.Requests.ReclaimRequest;
import app.reseller.billing.rest.Requests.TopUpRequest;
import app.reseller.billing.rest.Views.ExtensionView;
import app.reseller.billing.rest.Views.MovementView;
import app.reseller.billing.rest.Views.Page;
import app.reseller.billing.rest.Views.ReconciliationView;
import app.reseller.billing.rest.Views.TransferView;
import app.reseller.billing.service.IdempotencyService.Answer;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The admin's ledger commands, each one transaction holding its Idempotency-Key, the movement,
 * the cached balances and the resulting events.
 */
@ApplicationScoped
public class LedgerCommands {

    private final LedgerService ledger;
    private final LedgerRepository repository;
    private final IdempotencyService idempotency;
    private final PartnerDaysRepository partnerDays;
    private final ActivityLog activity;
    private final java.time.Clock clock;

    public LedgerCommands(LedgerService ledger, LedgerRepository repository, IdempotencyService idempotency,
                          PartnerDaysRepository partnerDays, ActivityLog activity, java.time.Clock clock) {
        this.ledger = ledger;
        this.repository = repository;
        this.idempotency = idempotency;
        this.partnerDays = partnerDays;
        this.activity = activity;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Answer> topUp(TopUpRequest r, String key, String actor) {
        return movement(actor, "top-up", key, r, TransferKind.TOP_UP, r.days(),
                transferKey -> ledger.topUp(r.days(), r.reference(), transferKey, actor), Posted::toBalance,
                new Trail("topUpPool", null, Accounts.POOL, r.reference(), r.days()));
    }

    @WithTransaction
    public Uni<Answer> allocate(AllocationRequest r, String key, String actor) {
        return movement(actor, "allocate", key, r, TransferKind.ALLOCATE, r.days(),
                transferKey -> ledger.allocate(r.customerId(), r.days(), r.reference(), transferKey, actor), Posted::toBalance,
                new Trail("allocateDays", r.customerId(), Accounts.customer(r.customerId()), r.reference(), r.days()));
    }

    @WithTransaction
    public Uni<Answer> extend(ExtensionRequest r, String key, String actor) {
        String scope = scope(actor, "extend");
        return idempotency.once(scope, key, r, 202, () -> ledger.reserveExtension(r.channelId(), r.days(), r.comment(), transferKey(scope, key), actor)
                .call(x -> activity.record("requestChannelExtension", x.customerId(), Accounts.channel(r.channelId()), r.comment(),
                        Map.of("customerBalanceDays", x.customerBalance() + r.days()),
                        Map.of("customerBalanceDays", x.customerBalance(), "reservedDays", r.days(), "requestId", x.requestId())))
                .map(x -> new ExtensionView(x.requestId(), x.transferId(), r.channelId(), r.days(), "RESERVED", x.customerBalance())));
    }

    @WithTransaction
    public Uni<Answer> reclaim(ReclaimRequest r, String key, String actor) {
        return movement(actor, "reclaim", key, r, TransferKind.RECLAIM, r.days(),
                transferKey -> ledger.reclaim(r.customerId(), r.days(), r.reason(), transferKey, actor), Posted::fromBalance,
                new Trail("reclaimDays", r.customerId(), Accounts.customer(r.customerId()), r.reason(), -r.days()));
    }

    @WithTransaction
    public Uni<Answer> adjust(AdjustmentRequest r, String key, String actor) {
        String customer = "CUSTOMER".equals(Accounts.kindOf(r.account())) ? Accounts.ownerOf(r.account()) : null;
        return movement(actor, "adjust", key, r, TransferKind.ADJUST, Math.abs(r.days()),
                transferKey -> ledger.adjust(r.account(), r.days(), r.reason(), transferKey, actor),
                r.days() > 0 ? Posted::toBalance : Posted::fromBalance,
                new Trail("adjustAccount", customer, r.account(), r.reason(), r.days()));
    }

    /** How a movement enters the activity trail: the operation, whose, which account, why, and what it did to the balance shown. */
    private record Trail(String action, String customerId, String account, String reason, long signedDays) {
    }

    /**
     * One movement of days under the caller's Idempotency-Key: posted once, answered 201 with the
     * transfer and the balance the caller cares about (the receiving account's, or the giving one's).
     */
    private Uni<Answer> movement(String actor, String operation, String key, Object request, TransferKind kind, long days,
                                 Function<String, Uni<Posted>> post, ToLongFunction<Posted> balanceShown, Trail trail) {
        String scope = scope(actor, operation);
        // in the work, not around it: a replayed Idempotency-Key answers the first outcome and records nothing again
        return idempotency.once(scope, key, request, 201, () -> post.apply(transferKey(scope, key))
                .map(p -> new MovementView(p.transferId(), kind.name(), days, balanceShown.applyAsLong(p)))
                .call(view -> activity.record(trail.action(), trail.customerId(), trail.account(), trail.reason(),
                        Map.of("balanceDays", view.balanceDays() - trail.signedDays()), view)));
    }

    @WithSession
    public Uni<Long> balance(String customerId) {
        return repository.balance(Accounts.customer(customerId));
    }

    @WithSession
    public Uni<Long> pool() {
        return repository.balance(Accounts.POOL);
    }

    @WithSession
    public Uni<Page<TransferView>> history(String customerId, int page, int size) {
        return repository.history(customerId, page, size).chain(rows -> repository.historyCount(customerId)
                .map(total -> new Page<>(rows.stream().map(LedgerCommands::transfer).toList(), page, size, total)));
    }

    @WithSession
    public Uni<ReconciliationView> reconcile(Long typedPartnerDays) {
        return repository.totals().chain(t -> partnerDays.last().map(last -> {
            long expected = t.pool() + t.customers() + t.reserved();
            Long reported = typedPartnerDays != null ? typedPartnerDays : last == null ? null : last.days();
            String by = typedPartnerDays != null ? "OPERATOR" : last == null ? null : "WEBHOOK";
            return new ReconciliationView(t.pool(), t.customers(), t.reserved(), expected, reported, by,
                    reported == null ? null : reported - expected, last == null ? null : last.days(),
                    last == null ? null : last.receivedAt(),
                    last == null ? null : Math.max(0, java.time.Duration.between(last.receivedAt(), clock.instant()).toSeconds()));
        }));
    }

    /** Who and which operation: one Idempotency-Key may serve different operations of one caller. */
    private static String scope(String actor, String operation) {
        return actor + ":" + operation;
    }

    /** The transfer's own unique key: the caller's Idempotency-Key in its scope, or a random one. */
    private static String transferKey(String scope, String key) {
        return key == null ? UUID.randomUUID().toString() : "api:" + scope + ":" + key;
    }

    private static TransferView transfer(LedgerRepository.TransferRow r) {
        return new TransferView(r.id(), r.kind(), r.fromAccount(), r.toAccount(), r.days(), r.status(), r.channelId(), r.requestId(),
                r.reference(), r.reason(), r.actor(), r.createdAt(), r.settledAt());
    }
}
