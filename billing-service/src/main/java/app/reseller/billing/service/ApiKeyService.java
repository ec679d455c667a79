package app.reseller.billing.service;

import app.reseller.billing.ApiKey;
import app.reseller.billing.config.BillingConfig;
import app.reseller.billing.repository.ApiKeyRepository;
import app.reseller.platform.events.activity.ActivityLog;
import app.reseller.platform.web.ApiKeyScope;
import app.reseller.platform.web.Caller;
import app.reseller.billing.BillingRefusal;
import app.reseller.platform.domain.InvalidValue;
import app.reseller.platform.domain.NotFound;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Customers' API keys: issued (the key shown once), listed, revoked, and resolved for the gateway
 * by their hash. A key is {@code rk_live_} and 43 characters of base64url: 256 random bits.
 */
@ApplicationScoped
public class ApiKeyService {

    static final String PREFIX = "rk_live_";
    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key just issued: the stored record and the key itself, which nobody sees again. */
    public record Issued(ApiKey key, String secret) {
    }

    private final ApiKeyRepository keys;
    private final ActivityLog activity;
    private final BillingConfig config;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, ActivityLog activity, BillingConfig config, Clock clock) {
        this.keys = keys;
        this.activity = activity;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Issued> issue(String customerId, String name, Set<String> scopes, Set<UUID> channelIds, Instant expiresAt) {
        Instant now = clock.instant();
        List<String> unknown = scopes.stream().filter(s -> ApiKeyScope.of(s).isEmpty()).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidValue("scopes", "unknown-scope", "Unknown scope", "unknown: " + unknown + "; known: "
                    + List.of(ApiKeyScope.values()));
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidValue("expiresAt", "expiry-in-the-past", "The expiry has passed", "expiresAt must be in the future");
        }
        String secret = newSecret();
        ApiKey key = new ApiKey(UUID.randomUUID(), customerId, name, secret.substring(0, PREFIX.length() + 4),
                scopes.stream().sorted().toList(), channelIds == null || channelIds.isEmpty() ? null : channelIds.stream().sorted().toList(),
                expiresAt, now, null, null, null);
        int max = config.apiKeys().maxPerCustomer();
        return keys.insertWithin(key, hash(secret), max, now, (tx, before, after) -> trail(tx, "createApiKey", before, after)).map(stored -> {
            if (stored == null) {
                throw new BillingRefusal.ApiKeyLimitReached(max);
            }
            LOG.infof("api key %s (%s) issued to customer %s with scopes %s", stored.id(), stored.prefix(), customerId, stored.scopes());
            return new Issued(stored, secret);
        });
    }

    /** The caller's own keys; an admin's choice of customer, or every customer's. */
    public Uni<List<ApiKey>> list(Caller caller, String customerId) {
        return keys.list(caller.whoseRecords(customerId), 500);
    }

    /** The key if the caller may see it: the one ownership check (another customer's key is a 404, like a missing one). */
    public Uni<ApiKey> find(Caller caller, UUID id) {
        return keys.find(id).map(key -> {
            if (key == null) {
                throw new NotFound("api key", id);
            }
            caller.mayAccess(key.customerId(), "api key", id);
            return key;
        });
    }

    public Uni<ApiKey> revoke(Caller caller, UUID id) {
        return find(caller, id).chain(key -> keys.revoke(id, caller.name(), clock.instant(),
                (tx, before, after) -> trail(tx, "revokeApiKey", before, after))).invoke(key ->
                LOG.infof("api key %s (%s) of customer %s revoked by %s", key.id(), key.prefix(), key.customerId(), key.revokedBy()));
    }

    /** The usable key whose SHA-256 (base64url) this is; a 404 for an unknown, revoked or expired one. */
    public Uni<ApiKey> resolve(String secretHash) {
        byte[] hash;
        try {
            hash = Base64.getUrlDecoder().decode(secretHash);
        } catch (IllegalArgumentException bad) {
            hash = new byte[0];
        }
        if (hash.length != 32) {
            throw new InvalidValue("secretHash", "bad-hash", "Not a SHA-256", "secretHash is the base64url SHA-256 of the key");
        }
        return keys.resolve(hash, clock.instant(), config.apiKeys().touchEvery()).map(key -> {
            if (key == null) {
                throw new NotFound("api key", "with this hash");
            }
            return key;
        });
    }

    /** The key's entry in the activity trail: the stored record only (its prefix, never the key or its hash). */
    private Uni<Void> trail(io.vertx.mutiny.sqlclient.SqlClient tx, String action, ApiKey before, ApiKey after) {
        return activity.record(tx, action, after.customerId(), "API_KEY:" + after.id(), null, before, after);
    }

    static String newSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
