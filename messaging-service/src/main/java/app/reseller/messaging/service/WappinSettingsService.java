package app.reseller.messaging.service;

import app.reseller.messaging.WappinSettings;
import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.repository.WappinSettingsRepository;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.secrets.SecretSetting;
import app.reseller.messaging.MessagingRefusal;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Wappin settings: written by an admin at any time, read for every call (one small row), so a
 * change is used at once by every replica. The secret key is sealed; the callback token is kept
 * only as a hash, which is all its check needs.
 */
@ApplicationScoped
public class WappinSettingsService {

    private static final Logger LOG = Logger.getLogger(WappinSettingsService.class);

    /** What a Wappin call needs; {@code version} changes whenever the admin changes the settings. */
    public record Credentials(String clientId, String secretKey, String projectId, String version) {
        @Override
        public String toString() {
            return "Credentials[clientId=" + clientId + ", projectId=" + projectId + "]"; // never the secret
        }
    }

    public record SettingsView(String clientId, String secretKey, String projectId, String callbackToken, String environment,
                               String source, Instant updatedAt, String updatedBy) {
    }

    /** The callback token's expected hash, re-read after {@link #CALLBACK_TOKEN_TTL}. */
    private record ExpectedToken(byte[] hash, Instant fetchedAt) {
    }

    private static final Duration CALLBACK_TOKEN_TTL = Duration.ofSeconds(1);

    private final WappinSettingsRepository repository;
    private final SecretSetting secretKey;
    private final SecretSetting callbackToken;
    private final MessagingConfig config;
    private final Clock clock;
    private volatile ExpectedToken expectedCallbackToken;
    /** Bumped when the token changes: a read that began before the change must not cache what it read. */
    private final java.util.concurrent.atomic.AtomicLong callbackTokenChanges = new java.util.concurrent.atomic.AtomicLong();
    private final MessagingTrail trail;

    public WappinSettingsService(WappinSettingsRepository repository, SecretBox secrets, MessagingConfig config, Clock clock, MessagingTrail trail) {
        this.trail = trail;
        this.clock = clock;
        this.repository = repository;
        this.secretKey = SecretSetting.key(secrets, WappinSettings.SECRET_PURPOSE);
        this.callbackToken = SecretSetting.key(secrets, "wappin-callback-token"); // only hashed: never sealed
        this.config = config;
    }

    @WithSession
    public Uni<Credentials> credentials() {
        return repository.findById(WappinSettings.ID).map(settings -> {
            String clientId = settings != null && settings.clientId != null ? settings.clientId : config.wappin().clientId().orElse(null);
            String secret = secretKey.current(settings == null ? null : settings.secretKeySealed, config.wappin().secretKey()).orElse(null);
            String project = settings != null && settings.projectId != null ? settings.projectId : config.wappin().projectId().orElse(null);
            if (clientId == null || secret == null || project == null) {
                throw new MessagingRefusal.WappinNotConfigured();
            }
            return new Credentials(clientId, secret, project, settings == null ? "configuration" : settings.updatedAt.toString());
        });
    }

    /**
     * Whether the token on a callback is the one configured for Wappin to send us. The expected
     * hash is kept for {@link #CALLBACK_TOKEN_TTL}: callbacks are the hottest path, and a rotated
     * token still takes effect within a second on every replica.
     */
    public Uni<Boolean> isCallbackToken(String presented) {
        ExpectedToken expected = expectedCallbackToken;
        long changes = callbackTokenChanges.get();
        Uni<byte[]> hash = expected != null && expected.fetchedAt().plus(CALLBACK_TOKEN_TTL).isAfter(clock.instant())
                ? Uni.createFrom().item(expected.hash())
                : expectedCallbackHash().invoke(h -> {
                    if (callbackTokenChanges.get() == changes) {
                        expectedCallbackToken = new ExpectedToken(h, clock.instant());
                    }
                });
        return hash.map(h -> SecretSetting.matches(presented, h));
    }

    @WithSession
    Uni<byte[]> expectedCallbackHash() {
        return repository.findById(WappinSettings.ID).map(settings -> SecretSetting.expectedHash(
                settings == null ? null : settings.callbackTokenHash, config.wappin().callbackToken()).orElse(null));
    }

    @WithSession
    public Uni<SettingsView> view() {
        return repository.findById(WappinSettings.ID).map(s -> s == null
                ? new SettingsView(config.wappin().clientId().orElse(null), secretKey.shownConfigured(config.wappin().secretKey()),
                config.wappin().projectId().orElse(null), callbackToken.shownConfigured(config.wappin().callbackToken()),
                config.wappin().environment(), "configuration", null, null)
                : new SettingsView(s.clientId, s.secretKeyMask, s.projectId, s.callbackTokenMask, s.environment, "admin",
                s.updatedAt, s.updatedBy));
    }

    /**
     * Changes the given fields (null keeps a field); secrets are sealed or hashed, never stored plain.
     * This replica forgets the expected callback token once the change is committed (the others
     * re-read it within a second). Forgetting it inside the transaction let a callback arriving
     * meanwhile read the old token again and keep it (seen in CI: the old token still accepted).
     */
    public Uni<SettingsView> update(String clientId, String secretKey, String projectId, String callbackToken, String environment,
                                    String actor) {
        return store(clientId, secretKey, projectId, callbackToken, environment, actor).invoke(() -> {
            callbackTokenChanges.incrementAndGet();
            expectedCallbackToken = null;
        });
    }

    @WithTransaction
    Uni<SettingsView> store(String clientId, String typedSecretKey, String projectId, String typedCallbackToken, String environment,
                            String actor) {
        return repository.findById(WappinSettings.ID).chain(found -> {
            Shown before = found == null ? null : Shown.of(found);
            WappinSettings s = found == null ? new WappinSettings() : found;
            if (clientId != null) {
                s.clientId = clientId.strip();
            }
            if (typedSecretKey != null) {
                SecretSetting.Sealed sealed = secretKey.seal(typedSecretKey);
                s.secretKeySealed = sealed.sealed();
                s.secretKeyMask = sealed.mask();
            }
            if (projectId != null) {
                s.projectId = projectId.strip();
            }
            if (typedCallbackToken != null) {
                SecretSetting.Hashed hashed = callbackToken.hash(typedCallbackToken);
                s.callbackTokenHash = hashed.hash();
                s.callbackTokenMask = hashed.mask();
            }
            s.environment = environment != null ? environment : s.environment != null ? s.environment : config.wappin().environment();
            s.updatedAt = clock.instant();
            s.updatedBy = actor;
            LOG.infof("Wappin settings changed by %s (client %s, project %s, %s; secret key %s, callback token %s)", actor,
                    s.clientId, s.projectId, s.environment, typedSecretKey == null ? "unchanged" : "replaced",
                    typedCallbackToken == null ? "unchanged" : "replaced");
            return repository.persist(s).call(stored -> trail.changed("updateWappinSettings", null, "WAPPIN_SETTINGS", before,
                    Shown.of(stored)));
        }).chain(this::view);
    }

    /** What the activity trail shows of the settings: the secrets' masks, never the secrets. */
    record Shown(String clientId, String projectId, String environment, String secretKeyMask, String callbackTokenMask) {
        static Shown of(WappinSettings s) {
            return new Shown(s.clientId, s.projectId, s.environment, s.secretKeyMask, s.callbackTokenMask);
        }
    }
}
