package app.reseller.messaging.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Webhook endpoint request bodies, validated at the edge (the URL's address is checked by the service). */
final class WebhookRequests {

    private WebhookRequests() {
    }

    /** customerId: only an admin registers for a customer; a customer registers for itself. */
    record EndpointRequest(@NotBlank @Size(max = 2048) String url, @Size(max = 200) String description,
                           @NotNull @Size(min = 1, max = 20) List<@NotBlank @Size(max = 40) String> eventTypes,
                           Boolean enabled, @Size(max = 100) String customerId) {
    }

    record EndpointChange(@Size(max = 2048) String url, @Size(max = 200) String description,
                          @Size(min = 1, max = 20) List<@NotBlank @Size(max = 40) String> eventTypes, Boolean enabled) {
    }

    /** graceHours: how long the old secret keeps signing (0: stops at once). */
    record RotationRequest(@Min(0) @Max(168) Integer graceHours) {
    }

    record ReplayRequest(@NotNull Instant from, @NotNull Instant until) {
    }
}
