package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.client.WhapiException;
import app.reseller.channel.client.WhapiGate;
import app.reseller.channel.client.WhapiManager;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.secrets.Secrets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * A customer's controls over its channel at WHAPI: restart it (WHAPI's manager API, partner token)
 * and log its phone out (the gate API, the channel's token). The channel's link status follows from
 * WHAPI's webhooks, as it does for a logout on the phone itself.
 */
@ApplicationScoped
public class ChannelControl {

    private static final Logger LOG = Logger.getLogger(ChannelControl.class);

    private final WhapiManager manager;
    private final WhapiGate gate;
    private final WhapiSettingsService settings;
    private final SecretBox secrets;
    private final ChannelTrail trail;

    public ChannelControl(WhapiManager manager, WhapiGate gate, WhapiSettingsService settings, SecretBox secrets, ChannelTrail trail) {
        this.trail = trail;
        this.manager = manager;
        this.gate = gate;
        this.settings = settings;
        this.secrets = secrets;
    }

    public Uni<Void> restart(Channel channel) {
        if (!channel.isUsable()) {
            return Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
        }
        return settings.credentials().chain(credentials -> manager.restart(credentials.authorization(), channel.whapiId))
                .invoke(() -> LOG.infof("channel %s restarted at WHAPI", channel.id))
                .call(() -> trail.actedAtWhapi("restartChannel", channel));
    }

    /** Logs the phone out; a channel already logged out is fine (WHAPI's 409 is the state asked for). */
    public Uni<Void> logout(Channel channel) {
        if (!channel.isUsable()) {
            return Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
        }
        String authorization = Secrets.bearer(secrets.open(Channel.TOKEN_PURPOSE, channel.tokenSealed));
        return gate.logout(authorization)
                .onFailure(e -> e instanceof WhapiException w && w.status() == 409).recoverWithNull().replaceWithVoid()
                .invoke(() -> LOG.infof("channel %s: phone logged out", channel.id))
                .call(() -> trail.actedAtWhapi("logoutChannel", channel));
    }
}
