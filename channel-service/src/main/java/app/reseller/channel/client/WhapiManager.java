package app.reseller.channel.client;

import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.config.WhapiCalls;
import app.reseller.platform.calls.GuardedCalls;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * WHAPI's manager API with the fault tolerance each call can bear, from
 * {@code channel.whapi.calls.*}. Reads, mode changes and deletes are repeated with back-off on
 * transport faults, timeouts, 5xx and 429; a 4xx never is. Create, extend and restart are never
 * repeated here: none is idempotent, and only their callers can tell (by reading WHAPI's state)
 * whether a failed call happened after all. Each call has its own breaker, so a WHAPI outage
 * answers fast instead of piling up, and a failing restart does not stop the reads.
 *
 * <p>Every method takes the complete Authorization header value, built by the settings service
 * from the current partner token, so a rotated token is used by the very next call.
 */
@ApplicationScoped
public class WhapiManager {

    private final WhapiManagerApi api;
    private final GuardedCalls<WhapiCalls.Manager> calls;

    public WhapiManager(@RestClient WhapiManagerApi api, ChannelConfig config) {
        this.api = api;
        this.calls = GuardedCalls.of(WhapiCalls.Manager.class, config.whapi().calls().manager(), "channel.whapi.calls.manager");
    }

    public Uni<WhapiChannel> create(String authorization, String name, String projectId, String phone) {
        return calls.run(WhapiCalls.Manager::create, () -> api.create(authorization, new WhapiManagerApi.NewChannel(name, projectId, phone)));
    }

    public Uni<WhapiChannel> get(String authorization, String whapiId) {
        return calls.run(WhapiCalls.Manager::get, () -> api.get(authorization, whapiId));
    }

    public Uni<JsonNode> list(String authorization, int count, int offset) {
        return calls.run(WhapiCalls.Manager::list, () -> api.list(authorization, count, offset));
    }

    public Uni<Void> extend(String authorization, String whapiId, int days, String comment) {
        return calls.run(WhapiCalls.Manager::extend, () -> api.extend(authorization, whapiId, new WhapiManagerApi.Extension(days, comment)).replaceWithVoid());
    }

    public Uni<Void> changeMode(String authorization, String whapiId, String mode) {
        return calls.run(WhapiCalls.Manager::changeMode, () -> api.changeMode(authorization, whapiId, new WhapiManagerApi.Mode(mode)).replaceWithVoid());
    }

    /** A repeated delete after a lost answer gets WHAPI's 404, which callers take as "already deleted". */
    public Uni<Void> delete(String authorization, String whapiId) {
        return calls.run(WhapiCalls.Manager::delete, () -> api.delete(authorization, whapiId).replaceWithVoid());
    }

    /**
     * Stops the channel with its unused days withdrawn to the partner balance. Repeatable: a second
     * stop finds nothing more to withdraw, so a lost answer is simply asked again.
     */
    public Uni<Void> stopSavingDays(String authorization, String whapiId) {
        return calls.run(WhapiCalls.Manager::stop, () -> api.stop(authorization, whapiId, new WhapiManagerApi.Stop(true)).replaceWithVoid());
    }

    /** Starts a stopped channel. Repeatable: a running channel is left as it is. */
    public Uni<Void> start(String authorization, String whapiId) {
        return calls.run(WhapiCalls.Manager::start, () -> api.start(authorization, whapiId).replaceWithVoid());
    }

    /** A restart asked twice is a second restart: harmless, but not repeated blindly either (a lost answer is the caller's to repeat). */
    public Uni<Void> restart(String authorization, String whapiId) {
        return calls.run(WhapiCalls.Manager::restart, () -> api.restart(authorization, whapiId).replaceWithVoid());
    }
}
