package app.reseller.channel.rest;

import app.reseller.channel.Channel;
import app.reseller.channel.ExtensionRequest;

import java.time.Instant;
import java.util.UUID;

/** What the API shows. Never a token, a secret or WHAPI's own ids: customers never see the provider's setup. */
final class Views {

    private Views() {
    }

    record ChannelView(UUID id, String customerId, String name, String phone, String state, String mode, String linkStatus,
                       Instant activeTill, boolean webhooksConfigured, Instant createdAt) {
        static ChannelView of(Channel c) {
            return new ChannelView(c.id, c.customerId, c.name, c.phone, c.state.name(), c.mode == null ? null : c.mode.name(),
                    c.linkStatus, c.activeTill, c.webhooksConfigured, c.createdAt);
        }
    }

    record ExtensionView(UUID requestId, int days, String state, Instant activeTillBefore, Instant activeTillAfter,
                         int attempts, Instant nextAttemptAt, String lastError, Instant createdAt) {
        static ExtensionView of(ExtensionRequest r) {
            return new ExtensionView(r.requestId, r.days, r.state.name(), r.activeTillBefore, r.activeTillAfter, r.attempts,
                    r.nextAttemptAt, r.lastError, r.createdAt);
        }
    }

    record PairingCodeView(String code) {
    }
}
