package app.reseller.billing.rest;

import app.reseller.billing.AllocationMode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** What the billing API accepts (validated at the edge; the ledger checks days again). */
public final class Requests {

    private Requests() {
    }

    @Schema(example = """
            {"planId": "6f1c2a4e-8d0b-4d3f-9a57-2f1e0c9b7a11"}""")
    public record SubscribeRequest(@NotNull UUID planId) {
    }

    public record CancelRequest(@Size(max = 500) String reason) {
    }

    public record HoldRequest(@NotNull
                              @Schema(description = "The step does not advance before this") java.time.Instant until,
                              @Size(max = 500) String reason) {
    }

    @Schema(example = """
            {"mode": "AUTOMATIC"}""")
    public record AllocationModeRequest(@NotNull AllocationMode mode) {
    }

    @Schema(example = """
            {"days": 1000, "reference": "WHAPI invoice 2026-11"}""")
    /** @param reference why the pool grows (WHAPI's invoice, say): required, as every write that moves days */
    public record TopUpRequest(@NotNull @Min(1) @Max(36600) Long days, @NotBlank @Size(max = 200) String reference) {
    }

    @Schema(example = """
            {"customerId": "cust-42", "days": 30, "reference": "November"}""")
    /** @param reference why the customer gets the days (the payment, the month): required, as every write that moves days */
    public record AllocationRequest(@NotBlank @Size(max = 100) String customerId, @NotNull @Min(1) @Max(36600) Long days,
                                    @NotBlank @Size(max = 200) String reference) {
    }

    @Schema(example = """
            {"channelId": "MANTIS-M7Q2X", "days": 30, "comment": "November for cust-42"}""")
    public record ExtensionRequest(@NotBlank @Size(max = 100) String channelId, @NotNull @Min(1) @Max(36600) Long days,
                                   @NotBlank @Size(max = 200) String comment) {
    }

    @Schema(example = """
            {"customerId": "cust-42", "days": 10, "reason": "customer left"}""")
    public record ReclaimRequest(@NotBlank @Size(max = 100) String customerId, @NotNull @Min(1) @Max(36600) Long days,
                                 @NotBlank @Size(max = 500) String reason) {
    }

    @Schema(example = """
            {"account": "CUSTOMER:cust-42", "days": -3, "reason": "double allocation on 2026-11-02"}""")
    public record AdjustmentRequest(@NotBlank @Size(max = 120) String account, @NotNull Long days,
                                    @NotBlank @Size(max = 500) String reason) {
    }

    public record ApiKeyRequest(@NotBlank @Size(max = 100) String name,
                                @NotNull @jakarta.validation.constraints.NotEmpty @Size(max = 10) java.util.Set<@NotBlank String> scopes,
                                @Size(max = 100) java.util.Set<@NotNull UUID> channelIds,
                                java.time.Instant expiresAt) {
    }

    public record ResolveApiKeyRequest(@NotBlank @Size(min = 43, max = 44) String secretHash) {
    }
}
