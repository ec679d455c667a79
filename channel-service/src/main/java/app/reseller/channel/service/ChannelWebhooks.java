package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.client.WhapiGate;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.secrets.Secrets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import app.reseller.channel.ChannelState;
import app.reseller.platform.events.StaleWrites;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Points a channel's WHAPI webhooks (status and login/logout) at our webhook endpoint, with a fresh
 * per-channel secret header, and asks WHAPI to keep and retry the calls we do not answer 200
 * (callback_persist, a linear back-off): a restart or a slow minute of ours then loses no inbound
 * message or status. Best effort at creation: when WHAPI fails, the channel stays usable, is marked
 * unconfigured and a sync configures it again.
 */
@ApplicationScoped
public class ChannelWebhooks {

    private static final Logger LOG = Logger.getLogger(ChannelWebhooks.class);
    static final String PATH = "/webhooks/whapi/";
    /** Bump it with every change of the settings below: the reconciler re-applies older channels' settings. */
    public static final int SETTINGS_VERSION = 3;
    /** The ranges WHAPI's gate description allows (Settings.callback_backoff_delay_ms and max_callback_backoff_delay_ms). */
    static final Duration MIN_BACKOFF = Duration.ofSeconds(3);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    static final Duration MIN_BACKOFF_CAP = Duration.ofMinutes(10);
    static final Duration MAX_BACKOFF_CAP = Duration.ofMinutes(60);

    private final WhapiGate gate;
    private final ChannelRepository channels;
    private final SecretBox secrets;
    private final ChannelConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public ChannelWebhooks(WhapiGate gate, ChannelRepository channels, SecretBox secrets, ChannelConfig config, ObjectMapper json,
                           Clock clock) {
        this.clock = clock;
        this.gate = gate;
        this.channels = channels;
        this.secrets = secrets;
        this.config = config;
        this.json = json;
    }

    /** Settings WHAPI would refuse would leave every new channel unconfigured: refuse them at start-up instead. */
    void checkAtStart(@Observes StartupEvent start) {
        check(config.webhooks().callbackBackoff(), config.webhooks().callbackBackoffCap());
    }

    static void check(Duration callbackBackoff, Duration callbackBackoffCap) {
        within("channel.webhooks.callback-backoff", callbackBackoff, MIN_BACKOFF, MAX_BACKOFF);
        within("channel.webhooks.callback-backoff-cap", callbackBackoffCap, MIN_BACKOFF_CAP, MAX_BACKOFF_CAP);
    }

    private static void within(String property, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalStateException(property + " is " + value + ": WHAPI takes " + min + " to " + max);
        }
    }

    public Uni<Void> configure(Channel channel) {
        String secret = WebhookSecrets.generate();
        // the token opened inside the Uni: a token that cannot be opened (no token, a key retired from the keyset) fails
        // this channel only, not the reconciler's whole pass over the channels after it
        return Uni.createFrom().item(() -> Secrets.bearer(secrets.open(Channel.TOKEN_PURPOSE, channel.tokenSealed)))
                // the hash is stored first: a webhook WHAPI sends right after the PATCH must already pass
                .chain(authorization -> store(channel, WebhookSecrets.hash(secret), false)
                        .chain(() -> gate.updateSettings(authorization, settings(channel, secret))))
                .chain(() -> store(channel, null, true))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("channel %s: WHAPI webhook settings not applied (%s); a sync will try again",
                            channel.id, failure.toString());
                    // marked as not configured (as a failed PATCH leaves it), so the reconciler's batch moves past it
                    return store(channel, null, false).onFailure().recoverWithNull().replaceWithVoid();
                });
    }

    private Uni<Void> store(Channel channel, byte[] secretHash, boolean configured) {
        return StaleWrites.inTransaction(() -> channels.findById(channel.id).invoke(stored -> {
            if (stored.state != ChannelState.ACTIVE) {
                return; // deleted meanwhile: nothing to point WHAPI at
            }
            if (secretHash != null) {
                renewSecret(stored, secretHash);
            }
            stored.webhooksConfigured = configured;
            channel.webhooksConfigured = configured;
            if (configured) {
                stored.webhookSettingsVersion = SETTINGS_VERSION;
                channel.webhookSettingsVersion = SETTINGS_VERSION;
            }
        })).replaceWithVoid();
    }

    /**
     * The new secret becomes current before WHAPI has it; the one WHAPI last confirmed stays accepted for the
     * grace (its retries, and the calls sent while the new settings are applied, carry it). A current secret
     * WHAPI never confirmed (the PATCH failed or its answer was lost) does not push the confirmed one out.
     */
    private void renewSecret(Channel stored, byte[] secretHash) {
        if (stored.webhooksConfigured && stored.webhookSecretHash != null) {
            stored.previousWebhookSecretHash = stored.webhookSecretHash;
            stored.previousWebhookSecretUntil = clock.instant().plus(config.webhooks().previousSecretGrace());
        }
        stored.webhookSecretHash = secretHash;
    }

    private JsonNode settings(Channel channel, String secret) {
        ObjectNode settings = json.createObjectNode();
        settings.put("callback_backoff_delay_ms", config.webhooks().callbackBackoff().toMillis());
        settings.put("max_callback_backoff_delay_ms", config.webhooks().callbackBackoffCap().toMillis());
        // kept on WHAPI's disk until we answer 200, across its restarts (WHAPI applies it at the channel's next restart)
        settings.put("callback_persist", true);
        settings.set("webhooks", json.valueToTree(List.of(Map.of(
                "url", config.webhooks().publicBaseUrl() + PATH + channel.id,
                "mode", "body",
                "events", List.of(Map.of("type", "channel", "method", "patch"),
                        Map.of("type", "users", "method", "post"),
                        Map.of("type", "users", "method", "delete"),
                        Map.of("type", "statuses", "method", "post"),
                        Map.of("type", "messages", "method", "post")),
                "headers", Map.of(config.webhooks().secretHeader(), secret)))));
        return settings;
    }
}
