package app.reseller.channel.client;

import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.config.WhapiCalls;
import app.reseller.platform.calls.GuardedCall;
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
    private final GuardedCall create;
    private final GuardedCall get;
    private final GuardedCall list;
    private final GuardedCall extend;
    private final GuardedCall changeMode;
    private final GuardedCall delete;
    private final GuardedCall restart;

    public WhapiManager(@RestClient WhapiManagerApi api, ChannelConfig config) {
        this.api = api;
        WhapiCalls.Manager calls = config.whapi().calls().manager();
        this.create = GuardedCall.of("whapi-create", calls.create());
        this.get = GuardedCall.of("whapi-get", calls.get());
        this.list = GuardedCall.of("whapi-list", calls.list());
        this.extend = GuardedCall.of("whapi-extend", calls.extend());
        this.changeMode = GuardedCall.of("whapi-change-mode", calls.changeMode());
        this.delete = GuardedCall.of("whapi-delete", calls.delete());
        this.restart = GuardedCall.of("whapi-restart", calls.restart());
    }

    public Uni<WhapiChannel> create(String authorization, String name, String projectId, String phone) {
        return create.run(() -> api.create(authorization, new WhapiManagerApi.NewChannel(name, projectId, phone)));
    }

    public Uni<WhapiChannel> get(String authorization, String whapiId) {
        return get.run(() -> api.get(authorization, whapiId));
    }

    public Uni<JsonNode> list(String authorization, int count, int offset) {
        return list.run(() -> api.list(authorization, count, offset));
    }

    public Uni<Void> extend(String authorization, String whapiId, int days, String comment) {
        return extend.run(() -> api.extend(authorization, whapiId, new WhapiManagerApi.Extension(days, comment)).replaceWithVoid());
    }

    public Uni<Void> changeMode(String authorization, String whapiId, String mode) {
        return changeMode.run(() -> api.changeMode(authorization, whapiId, new WhapiManagerApi.Mode(mode)).replaceWithVoid());
    }

    /** A repeated delete after a lost answer gets WHAPI's 404, which callers take as "already deleted". */
    public Uni<Void> delete(String authorization, String whapiId) {
        return delete.run(() -> api.delete(authorization, whapiId).replaceWithVoid());
    }

    /** A restart asked twice is a second restart: harmless, but not repeated blindly either (a lost answer is the caller's to repeat). */
    public Uni<Void> restart(String authorization, String whapiId) {
        return restart.run(() -> api.restart(authorization, whapiId).replaceWithVoid());
    }
}
