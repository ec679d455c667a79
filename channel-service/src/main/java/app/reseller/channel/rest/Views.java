package app.reseller.channel.rest;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.ExtensionRequest;
import app.reseller.channel.QueuePlace;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** What the API shows. Never a token, a secret or WHAPI's own ids: customers never see the provider's setup. */
final class Views {

    private Views() {
    }

    record ChannelView(UUID id, String customerId, String name, String phone, String state, String mode, String linkStatus,
                       Instant activeTill, boolean webhooksConfigured, Instant createdAt,
                       @Schema(description = "Only while the channel is QUEUED: its place in WHAPI's creation queue and the estimated time")
                       QueuePlace queue) {
        static ChannelView of(Channel c) {
            return of(c, null);
        }

        static ChannelView of(Channel c, QueuePlace queue) {
            return new ChannelView(c.id, c.customerId, c.name, c.phone, c.state.name(), c.mode == null ? null : c.mode.name(),
                    c.linkStatus, c.activeTill, c.webhooksConfigured, c.createdAt, c.state == ChannelState.QUEUED ? queue : null);
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
