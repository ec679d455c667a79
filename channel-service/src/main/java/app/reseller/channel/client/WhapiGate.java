package app.reseller.channel.client;

import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.config.WhapiCalls;
import app.reseller.platform.calls.GuardedCalls;
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
    private final GuardedCalls<WhapiCalls.Gate> calls;

    public WhapiGate(@RestClient WhapiGateApi api, ChannelConfig config) {
        this.api = api;
        this.calls = GuardedCalls.of(WhapiCalls.Gate.class, config.whapi().calls().gate(), "channel.whapi.calls.gate");
    }

    public Uni<JsonNode> qr(String authorization) {
        return calls.run(WhapiCalls.Gate::qr, () -> api.qr(authorization, true));
    }

    public Uni<byte[]> qrImage(String authorization) {
        return calls.run(WhapiCalls.Gate::qrImage, () -> api.qrImage(authorization, true));
    }

    public Uni<JsonNode> pairingCode(String authorization, String phone) {
        return calls.run(WhapiCalls.Gate::pairingCode, () -> api.pairingCode(authorization, phone));
    }

    public Uni<JsonNode> health(String authorization) {
        return calls.run(WhapiCalls.Gate::health, () -> api.health(authorization));
    }

    /**
     * Asks an idle channel's worker for its health (the active probe): never repeated and never behind
     * a breaker (channel.whapi.calls.gate.probe), since an unanswered probe is the evidence itself.
     */
    public Uni<JsonNode> probe(String authorization) {
        return calls.run(WhapiCalls.Gate::probe, () -> api.probe(authorization, false));
    }

    public Uni<Void> updateSettings(String authorization, JsonNode settings) {
        return calls.run(WhapiCalls.Gate::updateSettings, () -> api.updateSettings(authorization, settings).replaceWithVoid());
    }

    /**
     * Sends a message. Not idempotent at WHAPI (a repeat is a second message), so it is never
     * repeated here: a call whose answer is lost is the caller's "outcome unknown" (the message is
     * UNCONFIRMED), and the customer's Idempotency-Key protects the customer's own repeats.
     */
    public Uni<JsonNode> send(String authorization, String type, JsonNode message) {
        return calls.run(WhapiCalls.Gate::send, () -> "text".equals(type) ? api.sendText(authorization, message) : api.sendMedia(authorization, type, message));
    }

    /** Logs the linked phone out. Safe to repeat (a second one is WHAPI's 409 "already logged out"). */
    public Uni<Void> logout(String authorization) {
        return calls.run(WhapiCalls.Gate::logout, () -> api.logout(authorization).replaceWithVoid());
    }
}
