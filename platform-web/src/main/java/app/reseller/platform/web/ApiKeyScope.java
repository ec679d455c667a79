package app.reseller.platform.web;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API key may do. Defined once: billing-service stores and validates them (and its V3
 * migration names the same values in a constraint), the gateway's route table names the one each
 * route needs. A person's token carries no scopes: roles alone decide for people.
 */
public enum ApiKeyScope {
    BILLING_READ("billing:read"),
    BILLING_WRITE("billing:write"),
    CHANNELS_READ("channels:read"),
    CHANNELS_WRITE("channels:write"),
    MESSAGES_READ("messages:read"),
    MESSAGES_SEND("messages:send"),
    WEBHOOKS_MANAGE("webhooks:manage");

    private final String value;

    ApiKeyScope(String value) {
        this.value = value;
    }

    /** As keys, tokens and the API name it, e.g. {@code messages:send}. */
    public String value() {
        return value;
    }

    public static Optional<ApiKeyScope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return value;
    }
}
