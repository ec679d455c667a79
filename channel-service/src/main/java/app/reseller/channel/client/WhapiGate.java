package app.reseller.channel.client;

import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.config.WhapiCalls;
import app.reseller.platform.calls.GuardedCall;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * WHAPI's gate API, called with a channel's own token (the full Authorization header value), with
 * the fault tolerance of {@code channel.whapi.calls.*}. Every call here but the send is safe to
 * repeat (reads, a settings PATCH that sets the same value, a logout), so transient faults are
 * repeated with back-off; a 4xx (e.g. 409 "already linked") never is.
 */
@ApplicationScoped
public class WhapiGate {

    private final WhapiGateApi api;
    private final GuardedCall qr;
    private final GuardedCall qrImage;
    private final GuardedCall pairingCode;
    private final GuardedCall health;
    private final GuardedCall updateSettings;
    private final GuardedCall send;
    private final GuardedCall logout;

    public WhapiGate(@RestClient WhapiGateApi api, ChannelConfig config) {
        this.api = api;
        WhapiCalls.Gate calls = config.whapi().calls().gate();
        this.qr = GuardedCall.of("whapi-qr", calls.qr());
        this.qrImage = GuardedCall.of("whapi-qr-image", calls.qrImage());
        this.pairingCode = GuardedCall.of("whapi-pairing-code", calls.pairingCode());
        this.health = GuardedCall.of("whapi-health", calls.health());
        this.updateSettings = GuardedCall.of("whapi-update-settings", calls.updateSettings());
        this.send = GuardedCall.of("whapi-send", calls.send());
        this.logout = GuardedCall.of("whapi-logout", calls.logout());
    }

    public Uni<JsonNode> qr(String authorization) {
        return qr.run(() -> api.qr(authorization, true));
    }

    public Uni<byte[]> qrImage(String authorization) {
        return qrImage.run(() -> api.qrImage(authorization, true));
    }

    public Uni<JsonNode> pairingCode(String authorization, String phone) {
        return pairingCode.run(() -> api.pairingCode(authorization, phone));
    }

    public Uni<JsonNode> health(String authorization) {
        return health.run(() -> api.health(authorization));
    }

    public Uni<Void> updateSettings(String authorization, JsonNode settings) {
        return updateSettings.run(() -> api.updateSettings(authorization, settings).replaceWithVoid());
    }

    /**
     * Sends a message. Not idempotent at WHAPI (a repeat is a second message), so it is never
     * repeated here: a call whose answer is lost is the caller's "outcome unknown" (the message is
     * UNCONFIRMED), and the customer's Idempotency-Key protects the customer's own repeats.
     */
    public Uni<JsonNode> send(String authorization, String type, JsonNode message) {
        return send.run(() -> "text".equals(type) ? api.sendText(authorization, message) : api.sendMedia(authorization, type, message));
    }

    /** Logs the linked phone out. Safe to repeat (a second one is WHAPI's 409 "already logged out"). */
    public Uni<Void> logout(String authorization) {
        return logout.run(() -> api.logout(authorization).replaceWithVoid());
    }
}
