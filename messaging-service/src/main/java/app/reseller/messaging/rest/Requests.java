package app.reseller.messaging.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Request bodies, validated at the edge. */
final class Requests {

    private Requests() {
    }

    record SmsFallback(@NotBlank @Size(max = 100) String template, @Size(max = 20) List<@NotNull @Size(max = 1024) String> params) {
    }

    record NotificationRequest(@NotBlank @Size(max = 20) String recipient,
                               @NotBlank @Size(max = 100) @Pattern(regexp = "^[A-Za-z0-9_]+$", message = "letters, digits and _") String template,
                               @Size(max = 20) List<@NotNull @Size(max = 1024) String> params,
                               @Valid SmsFallback smsFallback) {
    }

    record TextRequest(@NotBlank @Size(max = 20) String recipient, @NotBlank @Size(max = 4096) String text) {
    }

    record NumberCheckRequest(@NotBlank @Size(max = 20) String phone) {
    }

    record TemplateRequest(@NotNull @Min(0) @Max(20) Integer paramCount, Boolean sms) {
    }

    record RuleRequest(@NotBlank @Size(max = 100) String template, @NotNull @Size(max = 20) List<@NotNull @Size(max = 1024) String> params,
                       Boolean enabled) {
    }

    record ContactRequest(@NotBlank @Size(max = 20) String phone) {
    }

    record WappinSettingsRequest(@Size(max = 100) String clientId, @Size(min = 4, max = 512) String secretKey,
                                 @Size(max = 50) String projectId, @Size(min = 8, max = 512) String callbackToken,
                                 @Pattern(regexp = "SANDBOX|PRODUCTION") String environment) {
        @Override
        public String toString() {
            return "WappinSettingsRequest[clientId=" + clientId + ", projectId=" + projectId + ", environment=" + environment + "]";
        }
    }
}
