package app.reseller.billing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's API key, as stored: never the key itself, only its hash (in the repository) and a
 * prefix that lets a person tell keys apart. {@code channelIds} null: every channel of the customer.
 */
public record ApiKey(UUID id, String customerId, String name, String prefix, List<String> scopes, List<UUID> channelIds,
                     Instant expiresAt, Instant createdAt, Instant lastUsedAt, Instant revokedAt, String revokedBy) {

    /** Neither revoked nor expired at {@code now}. */
    public boolean usable(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
