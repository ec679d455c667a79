package app.reseller.billing.rest;

import app.reseller.billing.Plan;
import app.reseller.billing.Subscription;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the billing API answers. */
public final class Views {

    private Views() {
    }

    public record PlanView(UUID id, String name, int maxChannels, int periodDays, int extensionDays, BigDecimal price,
                           String currency, boolean active) {
        static PlanView of(Plan p) {
            return new PlanView(p.id, p.name, p.maxChannels, p.periodDays, p.extensionDays, p.priceAmount, p.currency, p.active);
        }
    }

    public record SubscriptionView(UUID id, String customerId, UUID planId, String status, Instant currentPeriodEnd,
                                   Instant createdAt) {
        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id, s.customerId, s.planId, s.status.name(), s.currentPeriodEnd, s.createdAt);
        }
    }

    public record TransitionView(String from, String to, String actor, String reason, Instant at) {
    }

    @Schema(example = """
            {"transferId": 42, "kind": "ALLOCATE", "days": 30, "balanceDays": 30}""")
    public record MovementView(long transferId, String kind, long days, long balanceDays) {
    }

    public record ExtensionView(UUID requestId, long transferId, String channelId, long days, String status,
                                long customerBalanceDays) {
    }

    public record BalanceView(String customerId, long balanceDays, String allocationMode, boolean activePlan,
                              int maxChannels) {
    }

    public record TransferView(long id, String kind, String from, String to, long days, String status, String channelId,
                               UUID requestId, String reference, String reason, String actor, Instant createdAt,
                               Instant settledAt) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    public record PoolView(long poolDays) {
    }

    @Schema(description = "WHAPI's partner balance should equal pool + customers + days reserved for pending extensions")
    public record ReconciliationView(long poolDays, long customerDays, long reservedDays, long expectedPartnerDays,
                                     Long reportedPartnerDays, Long driftDays) {
    }
}
