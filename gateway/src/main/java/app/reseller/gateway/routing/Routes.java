package app.reseller.gateway.routing;

import java.util.List;
import java.util.Set;

import static app.reseller.gateway.routing.Downstream.BILLING;
import static app.reseller.gateway.routing.Downstream.CHANNEL;
import static app.reseller.gateway.routing.Downstream.MESSAGING;

/**
 * The whole public API: every route the frontend and ops may call, and the webhooks. A route that
 * is not here does not exist for the outside world. Each route names its operation: the
 * {@code operationId} of the public OpenAPI document, so the names a generated client uses are
 * chosen here, once, and unique across the services (path parameters are named as the services name them). {@code RouteTableTest} walks this table: every
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
            api("listPlans", "GET", "/plans", BILLING, BOTH),
            api("createPlan", "POST", "/plans", BILLING, ADMIN),
            api("getPlan", "GET", "/plans/{id}", BILLING, BOTH),
            api("updatePlan", "PUT", "/plans/{id}", BILLING, ADMIN),
            api("retirePlan", "POST", "/plans/{id}/retire", BILLING, ADMIN),
            api("subscribe", "POST", "/subscriptions", BILLING, CUSTOMER),
            api("listSubscriptions", "GET", "/subscriptions", BILLING, BOTH),
            api("getSubscription", "GET", "/subscriptions/{id}", BILLING, BOTH),
            api("getSubscriptionHistory", "GET", "/subscriptions/{id}/history", BILLING, BOTH),
            api("confirmSubscriptionPayment", "POST", "/subscriptions/{id}/confirm-payment", BILLING, ADMIN),
            api("renewSubscription", "POST", "/subscriptions/{id}/renew", BILLING, ADMIN),
            api("cancelSubscription", "POST", "/subscriptions/{id}/cancel", BILLING, ADMIN),
            api("getCustomerBalance", "GET", "/customers/{customerId}/balance", BILLING, BOTH),
            api("getCustomerLedger", "GET", "/customers/{customerId}/ledger", BILLING, BOTH),
            api("setAllocationMode", "PUT", "/customers/{customerId}/allocation-mode", BILLING, ADMIN),
            api("topUpPool", "POST", "/ledger/top-ups", BILLING, ADMIN),
            api("allocateDays", "POST", "/ledger/allocations", BILLING, ADMIN),
            api("requestChannelExtension", "POST", "/ledger/extensions", BILLING, ADMIN),
            api("reclaimDays", "POST", "/ledger/reclaims", BILLING, ADMIN),
            api("adjustAccount", "POST", "/ledger/adjustments", BILLING, ADMIN),
            api("getPool", "GET", "/ledger/pool", BILLING, ADMIN),
            api("reconcileLedger", "GET", "/ledger/reconciliation", BILLING, ADMIN),
            api("auditLedger", "GET", "/ledger/audit", BILLING, ADMIN),
            // channels
            viaProvider("createChannel", "POST", "/channels", CHANNEL, CUSTOMER),
            api("listChannels", "GET", "/channels", CHANNEL, BOTH),
            api("getChannel", "GET", "/channels/{id}", CHANNEL, BOTH),
            viaProvider("deleteChannel", "DELETE", "/channels/{id}", CHANNEL, BOTH),
            viaProvider("syncChannel", "POST", "/channels/{id}/sync", CHANNEL, BOTH),
            viaProvider("getChannelQr", "GET", "/channels/{id}/qr", CHANNEL, BOTH),
            viaProvider("getChannelQrImage", "GET", "/channels/{id}/qr.png", CHANNEL, BOTH),
            viaProvider("requestPairingCode", "POST", "/channels/{id}/pairing-code", CHANNEL, BOTH),
            api("listChannelExtensions", "GET", "/channels/{id}/extensions", CHANNEL, ADMIN),
            api("getWhapiSettings", "GET", "/admin/whapi/settings", CHANNEL, ADMIN),
            api("updateWhapiSettings", "PUT", "/admin/whapi/settings", CHANNEL, ADMIN),
            viaProvider("testWhapiSettings", "POST", "/admin/whapi/settings/test", CHANNEL, ADMIN),
            api("auditChannels", "GET", "/admin/channels/audit", CHANNEL, ADMIN),
            viaProvider("reconcileChannels", "POST", "/admin/channels/reconcile", CHANNEL, ADMIN),
            // messages
            viaProvider("sendNotification", "POST", "/messages/notifications", MESSAGING, BOTH),
            viaProvider("sendTextMessage", "POST", "/messages/text", MESSAGING, BOTH),
            viaProvider("sendMediaMessage", "POST", "/messages/media", MESSAGING, BOTH),
            api("listMessages", "GET", "/messages", MESSAGING, BOTH),
            api("getMessage", "GET", "/messages/{id}", MESSAGING, BOTH),
            viaProvider("refreshMessageStatus", "POST", "/messages/{id}/inquiry", MESSAGING, BOTH),
            viaProvider("checkNumber", "POST", "/messages/number-check", MESSAGING, BOTH),
            api("getCustomerContact", "GET", "/customers/{customerId}/contact", MESSAGING, BOTH),
            api("setCustomerContact", "PUT", "/customers/{customerId}/contact", MESSAGING, BOTH),
            api("getWappinSettings", "GET", "/admin/wappin/settings", MESSAGING, ADMIN),
            api("updateWappinSettings", "PUT", "/admin/wappin/settings", MESSAGING, ADMIN),
            api("listTemplates", "GET", "/admin/templates", MESSAGING, ADMIN),
            api("putTemplate", "PUT", "/admin/templates/{name}", MESSAGING, ADMIN),
            api("listNotificationRules", "GET", "/admin/notification-rules", MESSAGING, ADMIN),
            api("putNotificationRule", "PUT", "/admin/notification-rules/{event}", MESSAGING, ADMIN),
            api("deleteNotificationRule", "DELETE", "/admin/notification-rules/{event}", MESSAGING, ADMIN),
            // provider webhooks, forwarded unchanged: their own secrets protect them
            new Route("receiveWhapiWebhook", "POST", "/webhooks/whapi/{channelId}", CHANNEL, "/webhooks/whapi/{channelId}", WEBHOOK),
            new Route("receiveWappinCallback", "POST", "/webhooks/wappin", MESSAGING, "/callbacks/wappin", WEBHOOK));

    private Routes() {
    }

    private static Route api(String operationId, String method, String path, Downstream target, Set<String> roles) {
        return new Route(operationId, method, API + path, target, path, roles);
    }

    /** A route whose service calls WHAPI or Wappin before answering: the longer time budget. */
    private static Route viaProvider(String operationId, String method, String path, Downstream target, Set<String> roles) {
        return new Route(operationId, method, API + path, target, path, roles, true);
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
