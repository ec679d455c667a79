package app.reseller.billing.rest;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

@Schema(description = "A plan as the admin defines it", example = """
        {"name": "Business monthly", "maxChannels": 3, "periodDays": 30, "extensionDays": 30, "price": 450000, "currency": "IDR"}""")
public record PlanRequest(
        @NotBlank @Size(max = 100) String name,
        @NotNull @Min(1) @Max(1000) Integer maxChannels,
        @NotNull @Min(1) @Max(3660) Integer periodDays,
        @Schema(description = "Days one automatic top-up adds to a channel: 30 for monthly, 1 for daily billing")
        @NotNull @Min(1) @Max(3660) Integer extensionDays,
        @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal price,
        @NotNull @Pattern(regexp = "[A-Za-z]{3}", message = "must be an ISO 4217 code such as IDR") String currency,
        @Schema(description = "Days of balance a customer needs to create a channel (each channel waiting to be created needs"
                + " them too). Left out: the customer's allocation mode decides: AUTOMATIC customers need extensionDays (their"
                + " first paid extension takes them at once), MANUAL ones none (the admin gives days after creation)")
        @Min(0) @Max(3660) Integer creationMinimumDays) {
}
