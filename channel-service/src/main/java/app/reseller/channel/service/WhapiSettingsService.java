package app.reseller.channel.service;

import app.reseller.channel.WhapiSettings;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.WhapiSettingsRepository;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.secrets.SecretSetting;
import app.reseller.platform.secrets.Secrets;
import app.reseller.channel.client.WhapiFaults;
import app.reseller.channel.ChannelRefusal;
import app.reseller.platform.domain.Refusal;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * The WHAPI partner settings: written by an admin at any time, read (and decrypted) for every
 * manager call, so a new token is used by the very next call on every replica without a restart.
 * One row read per call is cheap next to a WHAPI round trip, and no cache can go stale.
 */
@ApplicationScoped
public class WhapiSettingsService {

    private static final Logger LOG = Logger.getLogger(WhapiSettingsService.class);

    /** What the manager API needs for a call: the header value and the partner's project. */
    public record PartnerCredentials(String authorization, String projectId) {
        @Override
        public String toString() {
            return "PartnerCredentials[projectId=" + projectId + "]"; // never the token
        }
    }

    /** What an admin sees: the token masked, and who set it when. */
    public record SettingsView(String partnerToken, String projectId, String source, Instant updatedAt, String updatedBy) {
    }

    public record TestResult(boolean ok, String detail, Long channelsVisible) {
    }

    private final WhapiSettingsRepository repository;
    private final SecretSetting partnerToken;
    private final ChannelConfig config;
    private final WhapiManager manager;
    private final Clock clock;
    private final ChannelTrail trail;

    public WhapiSettingsService(WhapiSettingsRepository repository, SecretBox secrets, ChannelConfig config, WhapiManager manager, Clock clock, ChannelTrail trail) {
        this.trail = trail;
        this.clock = clock;
        this.repository = repository;
        this.partnerToken = SecretSetting.bearerToken(secrets, WhapiSettings.TOKEN_PURPOSE);
        this.config = config;
        this.manager = manager;
    }

    @WithSession
    public Uni<PartnerCredentials> credentials() {
        return repository.findById(WhapiSettings.ID).map(settings -> {
            String token = partnerToken.current(settings == null ? null : settings.partnerTokenSealed, config.whapi().partnerToken())
                    .orElseThrow(ChannelRefusal.WhapiNotConfigured::new);
            String projectId = settings != null && settings.projectId != null ? settings.projectId : config.whapi().projectId();
            return new PartnerCredentials(Secrets.bearer(token), projectId);
        });
    }

    @WithSession
    public Uni<SettingsView> view() {
        return repository.findById(WhapiSettings.ID).map(settings -> settings == null
                ? new SettingsView(partnerToken.shownConfigured(config.whapi().partnerToken()),
                config.whapi().projectId(), "configuration", null, null)
                : new SettingsView(settings.partnerTokenMask, settings.projectId, "admin", settings.updatedAt, settings.updatedBy));
    }

    /**
     * Stores the token (sealed; with or without its "Bearer " prefix, as typed) and/or the project
     * id. A field left null keeps its current value.
     */
    @WithTransaction
    public Uni<SettingsView> update(String typedToken, String projectId, String actor) {
        return repository.findById(WhapiSettings.ID).chain(found -> {
            WhapiSettings settings = found == null ? new WhapiSettings() : found;
            Shown before = found == null ? null : Shown.of(found);
            if (typedToken != null) {
                SecretSetting.Sealed sealed = partnerToken.seal(typedToken);
                settings.partnerTokenSealed = sealed.sealed();
                settings.partnerTokenMask = sealed.mask();
            }
            if (projectId != null) {
                settings.projectId = projectId.strip();
            } else if (settings.projectId == null) {
                settings.projectId = config.whapi().projectId();
            }
            settings.updatedAt = clock.instant();
            settings.updatedBy = actor;
            LOG.infof("WHAPI settings changed by %s (token %s, project %s)", actor,
                    typedToken == null ? "unchanged" : "replaced", settings.projectId);
            return repository.persist(settings).call(stored -> trail.settingsChanged("updateWhapiSettings", "WHAPI_SETTINGS", before,
                    Shown.of(stored)));
        }).chain(this::view);
    }

    /** What the activity trail shows of the settings: the token's mask, never the token. */
    record Shown(String projectId, String partnerTokenMask) {
        static Shown of(WhapiSettings s) {
            return new Shown(s.projectId, s.partnerTokenMask);
        }
    }

    /** {@link #testConnection()} asked by a person: its outcome goes into the activity trail. */
    public Uni<TestResult> testConnectionFor() {
        return testConnection().call(result -> trail.platformActed("testWhapiSettings", "WHAPI_SETTINGS", result));
    }

    /** Calls WHAPI with the stored settings (a harmless read) and reports what happened. */
    public Uni<TestResult> testConnection() {
        return credentials()
                .chain(credentials -> manager.list(credentials.authorization(), 1, 0))
                .map(list -> new TestResult(true, "WHAPI accepted the partner token",
                        list.hasNonNull("total") ? list.get("total").asLong() : null))
                .onFailure().recoverWithItem(failure -> {
                    var fault = WhapiFaults.describe(failure);
                    return new TestResult(false, fault.isPresent() ? fault.get().title() + ": " + fault.get().detail()
                            : failure instanceof Refusal r ? r.title() + ": " + r.getMessage()
                            : "the call failed: " + failure.getClass().getSimpleName(), null);
                });
    }
}
