package app.reseller.platform.web;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified JWT: an admin, or a customer whose id is the token's
 * {@code sub}. A customer may act only on their own data; another customer's id answers 404, so
 * that ids of other customers cannot even be probed (ARCHITECTURE.md invariant 7).
 */
@RequestScoped
public class Caller {

    public static final String ADMIN = "admin";
    public static final String CUSTOMER = "customer";
    /** Who acted when no request did: a scheduled job (the health monitor's restart, the creation queue) or a consumer. */
    public static final String PLATFORM = "platform";

    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;

    public Caller(SecurityIdentity identity, CurrentVertxRequest request) {
        this.identity = identity;
        this.request = request;
    }

    /**
     * Whether an HTTP request is being served. Outside one there is no identity to read, and asking
     * for it would authenticate an anonymous one by blocking, which fails on an event loop (the
     * health monitor's automatic restarts lost their trail entry that way).
     */
    private boolean inRequest() {
        return request.getCurrent() != null;
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN);
    }

    /**
     * The caller's stable id as recorded in histories ("who did it"): the token's {@code sub}
     * ({@link #PLATFORM} outside a request). Not
     * the principal's name, which MP-JWT takes from {@code upn} or {@code preferred_username} first:
     * under Keycloak that is the username, which a person can change (docs/identity.md).
     */
    public String name() {
        if (!inRequest()) {
            return PLATFORM;
        }
        if (identity.isAnonymous()) {
            return "anonymous";
        }
        String key = apiKeyId();
        return key == null ? subject() : subject() + " (api key " + key + ")";
    }

    /** The API key the call was made with, or null for a person's token. */
    public String apiKeyId() {
        return inRequest() && viaGateway() && identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(GatewayIdentity.KEY_ID_CLAIM) : null;
    }

    /**
     * The channels an API key is limited to, or null when the caller may use every channel its
     * customer owns (every person, and keys without a limit).
     */
    public java.util.Set<String> channelLimit() {
        if (!viaGateway() || !(identity.getPrincipal() instanceof JsonWebToken jwt) || !jwt.containsClaim(GatewayIdentity.CHANNELS_CLAIM)) {
            return null;
        }
        Object channels = jwt.getClaim(GatewayIdentity.CHANNELS_CLAIM);
        java.util.Set<String> ids = new java.util.HashSet<>();
        if (channels instanceof jakarta.json.JsonArray array) {
            array.forEach(v -> ids.add(v instanceof jakarta.json.JsonString str ? str.getString() : v.toString()));
        } else if (channels instanceof java.util.Collection<?> list) {
            list.forEach(v -> ids.add(String.valueOf(v)));
        }
        return ids;
    }

    /**
     * Passes for an admin and for the customer who owns the channel, unless the caller's API key
     * is limited to other channels: anyone else gets a 404, as for any resource they do not own.
     */
    public void mayUseChannel(String ownerId, Object channelId) {
        mayAccess(ownerId, "channel", channelId);
        java.util.Set<String> limit = channelLimit();
        if (limit != null && !limit.contains(String.valueOf(channelId))) {
            throw ProblemException.notFound("channel", channelId);
        }
    }

    /** The call came from the gateway itself (its signed identity), not from a person's or a key's token. */
    public void requireGateway() {
        if (!viaGateway() || !identity.hasRole(GatewayIdentity.GATEWAY_ROLE)) {
            throw new ProblemException(403, "forbidden", "Forbidden", "only the gateway calls this");
        }
    }

    private boolean viaGateway() {
        return Boolean.TRUE.equals(identity.getAttribute(GatewayIdentity.VIA_GATEWAY_ATTRIBUTE));
    }

    private String subject() {
        return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : identity.getPrincipal().getName();
    }

    /** The calling customer's id; fails for a caller who is not a customer. */
    public String customerId() {
        if (!identity.hasRole(CUSTOMER)) {
            throw new ProblemException(403, "forbidden", "Forbidden", "only customers have their own data");
        }
        return subject();
    }

    /**
     * Passes for an admin and for the customer themselves; anyone else gets a 404 for {@code what}
     * (never a 403: ids are not probed). The one ownership check of every app.
     */
    public void mayAccess(String customerId, String what, Object id) {
        if (!isAdmin() && !(identity.hasRole(CUSTOMER) && subject().equals(customerId))) {
            throw new app.reseller.platform.domain.NotFound(what, id);
        }
    }

    /**
     * Whose records a list shows: an admin's choice ({@code requested}; null is every customer's),
     * a customer's own whatever was asked. The one tenancy rule of every app's lists.
     */
    public String whoseRecords(String requested) {
        return isAdmin() ? requested : customerId();
    }
}
