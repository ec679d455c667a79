package app.reseller.gateway.routing;

import java.util.List;
import java.util.Set;

import static app.reseller.gateway.routing.Downstream.BILLING;
import static app.reseller.gateway.routing.Downstream.CHANNEL;
import static app.reseller.gateway.routing.Downstream.MESSAGING;

/**
 * The whole public API: every route the frontend and ops may call, and the webhooks. A route that
 * is not here does not exist for the outside world. {@code RouteTableTest} walks this table: every
 * route must answer 401 without a token and 403 with a wrong role, so a new route cannot forget it.
 */
public final class Routes {

    public static final String API = "/api/v1";
    static final Set<String> ADMIN = Set.of("admin");
    static final Set<String> CUSTOMER = Set.of("customer");
    static final Set<String> BOTH = Set.of("admin", "customer");
    static final Set<String> WEBHOOK = Set.of();

    public static final List<Route> TABLE = List.of(
            // billing: plans, subscriptions, balances and the ledger
            api("GET", "/plans", BILLING, BOTH),
            api("POST", "/plans", BILLING, ADMIN),
            api("GET", "/plans/{id}", BILLING, BOTH),
            api("PUT", "/plans/{id}", BILLING, ADMIN),
            api("POST", "/plans/{id}/retire", BILLING, ADMIN),
            api("POST", "/subscriptions", BILLING, CUSTOMER),
            api("GET", "/subscriptions", BILLING, BOTH),
            api("GET", "/subscriptions/{id}", BILLING, BOTH),
            api("GET", "/subscriptions/{id}/history", BILLING, BOTH),
            api("POST", "/subscriptions/{id}/confirm-payment", BILLING, ADMIN),
            api("POST", "/subscriptions/{id}/renew", BILLING, ADMIN),
            api("POST", "/subscriptions/{id}/cancel", BILLING, ADMIN),
            api("GET", "/customers/{id}/balance", BILLING, BOTH),
            api("GET", "/customers/{id}/ledger", BILLING, BOTH),
            api("PUT", "/customers/{id}/allocation-mode", BILLING, ADMIN),
            api("POST", "/ledger/top-ups", BILLING, ADMIN),
            api("POST", "/ledger/allocations", BILLING, ADMIN),
            api("POST", "/ledger/extensions", BILLING, ADMIN),
            api("POST", "/ledger/reclaims", BILLING, ADMIN),
            api("POST", "/ledger/adjustments", BILLING, ADMIN),
            api("GET", "/ledger/pool", BILLING, ADMIN),
            api("GET", "/ledger/reconciliation", BILLING, ADMIN),
            api("GET", "/ledger/audit", BILLING, ADMIN),
            // channels
            viaProvider("POST", "/channels", CHANNEL, CUSTOMER),
            api("GET", "/channels", CHANNEL, BOTH),
            api("GET", "/channels/{id}", CHANNEL, BOTH),
            viaProvider("DELETE", "/channels/{id}", CHANNEL, BOTH),
            viaProvider("POST", "/channels/{id}/sync", CHANNEL, BOTH),
            viaProvider("GET", "/channels/{id}/qr", CHANNEL, BOTH),
            viaProvider("GET", "/channels/{id}/qr.png", CHANNEL, BOTH),
            viaProvider("POST", "/channels/{id}/pairing-code", CHANNEL, BOTH),
            api("GET", "/channels/{id}/extensions", CHANNEL, ADMIN),
            api("GET", "/admin/whapi/settings", CHANNEL, ADMIN),
            api("PUT", "/admin/whapi/settings", CHANNEL, ADMIN),
            viaProvider("POST", "/admin/whapi/settings/test", CHANNEL, ADMIN),
            api("GET", "/admin/channels/audit", CHANNEL, ADMIN),
            viaProvider("POST", "/admin/channels/reconcile", CHANNEL, ADMIN),
            // messages
            viaProvider("POST", "/messages/notifications", MESSAGING, BOTH),
            viaProvider("POST", "/messages/text", MESSAGING, BOTH),
            viaProvider("POST", "/messages/media", MESSAGING, BOTH),
            api("GET", "/messages", MESSAGING, BOTH),
            api("GET", "/messages/{id}", MESSAGING, BOTH),
            viaProvider("POST", "/messages/{id}/inquiry", MESSAGING, BOTH),
            viaProvider("POST", "/messages/number-check", MESSAGING, BOTH),
            api("GET", "/customers/{id}/contact", MESSAGING, BOTH),
            api("PUT", "/customers/{id}/contact", MESSAGING, BOTH),
            api("GET", "/admin/wappin/settings", MESSAGING, ADMIN),
            api("PUT", "/admin/wappin/settings", MESSAGING, ADMIN),
            api("GET", "/admin/templates", MESSAGING, ADMIN),
            api("PUT", "/admin/templates/{name}", MESSAGING, ADMIN),
            api("GET", "/admin/notification-rules", MESSAGING, ADMIN),
            api("PUT", "/admin/notification-rules/{event}", MESSAGING, ADMIN),
            api("DELETE", "/admin/notification-rules/{event}", MESSAGING, ADMIN),
            // provider webhooks, forwarded unchanged: their own secrets protect them
            new Route("POST", "/webhooks/whapi/{channelId}", CHANNEL, "/webhooks/whapi/{channelId}", WEBHOOK),
            new Route("POST", "/webhooks/wappin", MESSAGING, "/callbacks/wappin", WEBHOOK));

    private Routes() {
    }

    private static Route api(String method, String path, Downstream target, Set<String> roles) {
        return new Route(method, API + path, target, path, roles);
    }

    /** A route whose service calls WHAPI or Wappin before answering: the longer time budget. */
    private static Route viaProvider(String method, String path, Downstream target, Set<String> roles) {
        return new Route(method, API + path, target, path, roles, true);
    }

    /** The route for a request, or null. */
    public static Match match(String method, String path) {
        for (Route route : TABLE) {
            String target = route.targetFor(method, path);
            if (target != null) {
                return new Match(route, target);
            }
        }
        return null;
    }

    public record Match(Route route, String targetPath) {
    }
}
