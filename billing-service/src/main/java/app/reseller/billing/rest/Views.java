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
                           String currency, boolean active,
                           @Schema(description = "Days of balance a new channel needs; absent: the allocation mode decides"
                                   + " (AUTOMATIC: extensionDays, MANUAL: none)") Integer creationMinimumDays) {
        static PlanView of(Plan p) {
            return new PlanView(p.id, p.name, p.maxChannels, p.periodDays, p.extensionDays, p.priceAmount, p.currency, p.active,
                    p.creationMinimumDays);
        }
    }

    public record SubscriptionView(UUID id, String customerId, UUID planId,
                                   @Schema(description = "PENDING_PAYMENT, ACTIVE, GRACE or SUSPENDED (a period ended unpaid), "
                                           + "CANCELLED or EXPIRED") String status,
                                   Instant currentPeriodEnd, Instant createdAt,
                                   @Schema(description = "GRACE or SUSPENDED: when the unpaid period ended") Instant lapsedAt,
                                   @Schema(description = "An operator holds the lapsed subscription at its step until then") Instant heldUntil) {
        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id, s.customerId, s.planId, s.status.name(), s.currentPeriodEnd, s.createdAt, s.lapsedAt,
                    s.heldUntil);
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

    @Schema(description = "A customer's renewals and how long its balance lasts (docs/operators.md, \"Runway and forecasts\")")
    public record RunwayView(String customerId, String allocationMode, long balanceDays,
                             @Schema(description = "Live channels on the customer's ACTIVE plan") long channels,
                             long renewalsDueIn7Days,
                             @Schema(description = "Days the renewals take within 7, 30 and 60 days") app.reseller.billing.Forecast.Horizons renewalDays,
                             @Schema(description = "balanceDays at the renewals' average daily spend over 30 days; absent: nothing to spend")
                             Double runwayDays) {
        static RunwayView of(app.reseller.billing.Forecast.Demand d) {
            return new RunwayView(d.customerId(), d.mode().name(), d.balanceDays(), d.channels(), d.renewalsDueIn7Days(), d.days(),
                    d.runwayDays());
        }
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    public record PoolView(long poolDays) {
    }

    @Schema(description = "WHAPI's partner balance should equal pool + customers + days reserved for pending extensions")
    public record ReconciliationView(long poolDays, long customerDays, long reservedDays, long expectedPartnerDays,
                                     @Schema(description = "The figure the drift is computed from: the operator's ?partnerDays= when given"
                                             + " (it overrides), else WHAPI's last partner webhook report") Long reportedPartnerDays,
                                     @Schema(description = "OPERATOR or WEBHOOK; absent without a figure") String reportedBy,
                                     Long driftDays,
                                     @Schema(description = "WHAPI's last partner webhook report (it fires only below the partner's days_limit)")
                                     Long lastWebhookPartnerDays, Instant lastWebhookAt,
                                     @Schema(description = "How old that report is: days are spent since") Long lastWebhookAgeSeconds) {
    }

    @Schema(description = "An API key as listed: never the key itself, only its prefix")
    public record ApiKeyView(UUID id, String customerId, String name, String prefix, List<String> scopes,
                             @Schema(description = "The channels the key is limited to; absent: every channel of the customer")
                             List<UUID> channelIds, Instant expiresAt, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        static ApiKeyView of(app.reseller.billing.ApiKey k) {
            return new ApiKeyView(k.id(), k.customerId(), k.name(), k.prefix(), k.scopes(), k.channelIds(), k.expiresAt(),
                    k.createdAt(), k.lastUsedAt(), k.revokedAt());
        }
    }

    @Schema(description = "A key just created. The key is in this answer only: it is stored as a hash and cannot be shown again")
    public record IssuedApiKeyView(UUID id, String name, String prefix, List<String> scopes, List<UUID> channelIds,
                                   Instant expiresAt, Instant createdAt,
                                   @Schema(description = "rk_live_…: send it as Authorization: Bearer or X-Api-Key") String key) {
        static IssuedApiKeyView of(app.reseller.billing.service.ApiKeyService.Issued issued) {
            var k = issued.key();
            return new IssuedApiKeyView(k.id(), k.name(), k.prefix(), k.scopes(), k.channelIds(), k.expiresAt(), k.createdAt(),
                    issued.secret());
        }
    }

    @Schema(description = "What the gateway needs to act for a key (internal)")
    public record ResolvedApiKeyView(UUID keyId, String customerId, List<String> scopes, List<UUID> channelIds, Instant expiresAt) {
        static ResolvedApiKeyView of(app.reseller.billing.ApiKey k) {
            return new ResolvedApiKeyView(k.id(), k.customerId(), k.scopes(), k.channelIds(), k.expiresAt());
        }
    }
}
