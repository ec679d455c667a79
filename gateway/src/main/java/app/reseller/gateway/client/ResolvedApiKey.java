package app.reseller.gateway.client;

import java.time.Instant;
import java.util.List;

/** billing-service's answer for a usable API key: who it acts for and what it may do. */
public record ResolvedApiKey(String keyId, String customerId, List<String> scopes, List<String> channelIds, Instant expiresAt) {
}
