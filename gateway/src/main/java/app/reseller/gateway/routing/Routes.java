package app.reseller.gateway.routing;

import app.reseller.platform.web.ApiKeyScope;

import java.util.List;
import java.util.Set;

import static app.reseller.gateway.routing.Downstream.BILLING;
import static app.reseller.gateway.routing.Downstream.CHANNEL;
import static app.reseller.gateway.routing.Downstream.MESSAGING;
import static app.reseller.platform.web.ApiKeyScope.BILLING_READ;
import static app.reseller.platform.web.ApiKeyScope.BILLING_WRITE;
import static app.reseller.platform.web.ApiKeyScope.CHANNELS_READ;
import static app.reseller.platform.web.ApiKeyScope.CHANNELS_WRITE;
import static app.reseller.platform.web.ApiKeyScope.MESSAGES_READ;
import static app.reseller.platform.web.ApiKeyScope.MESSAGES_SEND;
import static app.reseller.platform.web.ApiKeyScope.WEBHOOKS_MANAGE;

/**
 * The whole public API: every route the frontend and ops may call, and the webhooks. A route that
 * is not here does not exist for the outside world. Each route names its operation: the
 * {@code operationId} of the public OpenAPI document, so the names a generated client uses are
 * chosen here, once, and unique across the services (path parameters are named as the services name them).
 * Beside its roles, each route names the scope an API key needs for it (keys act as their customer,
 * so only routes open to customers can have one). {@code RouteTableTest} walks this table: every
 * route must answer 401 without a token, 403 with a wrong role and 403 with a key lacking its
 * scope, so a new route cannot forget them.
 */
public final class Routes {

    public static final String API = "/api/v1";
    static final Set<String> ADMIN = Set.of("admin");
    static final Set<String> CUSTOMER = Set.of("customer");
    static final Set<String> BOTH = Set.of("admin", "customer");
    static final Set<String> WEBHOOK = Set.of();
    /** No API key may call the route, whatever its scopes: only a person's token (every admin route, key management). */
    static final ApiKeyScope PEOPLE = null;

    public static final List<Route> TABLE = List.of(
            // billing: plans, subscriptions, balances and the ledger
            api("listPlans", "GET", "/plans", BILLING, BOTH, BILLING_READ),
            api("createPlan", "POST", "/plans", BILLING, ADMIN, PEOPLE),
            api("getPlan", "GET", "/plans/{id}", BILLING, BOTH, BILLING_READ),
            api("updatePlan", "PUT", "/plans/{id}", BILLING, ADMIN, PEOPLE),
            api("retirePlan", "POST", "/plans/{id}/retire", BILLING, ADMIN, PEOPLE),
            api("subscribe", "POST", "/subscriptions", BILLING, CUSTOMER, BILLING_WRITE),
            api("listSubscriptions", "GET", "/subscriptions", BILLING, BOTH, BILLING_READ),
            api("getSubscription", "GET", "/subscriptions/{id}", BILLING, BOTH, BILLING_READ),
            api("getSubscriptionHistory", "GET", "/subscriptions/{id}/history", BILLING, BOTH, BILLING_READ),
            api("confirmSubscriptionPayment", "POST", "/subscriptions/{id}/confirm-payment", BILLING, ADMIN, PEOPLE),
            api("renewSubscription", "POST", "/subscriptions/{id}/renew", BILLING, ADMIN, PEOPLE),
            api("cancelSubscription", "POST", "/subscriptions/{id}/cancel", BILLING, ADMIN, PEOPLE),
            api("holdSubscription", "PUT", "/subscriptions/{id}/hold", BILLING, ADMIN, PEOPLE),
            api("releaseSubscriptionHold", "DELETE", "/subscriptions/{id}/hold", BILLING, ADMIN, PEOPLE),
            api("getCustomerBalance", "GET", "/customers/{customerId}/balance", BILLING, BOTH, BILLING_READ),
            api("getCustomerLedger", "GET", "/customers/{customerId}/ledger", BILLING, BOTH, BILLING_READ),
            api("getCustomerRunway", "GET", "/customers/{customerId}/runway", BILLING, BOTH, BILLING_READ),
            api("getCustomerStatement", "GET", "/customers/{customerId}/statement", BILLING, BOTH, BILLING_READ),
            api("exportCustomerStatement", "GET", "/customers/{customerId}/statement.csv", BILLING, BOTH, BILLING_READ),
            api("listCustomers", "GET", "/admin/customers", BILLING, ADMIN, PEOPLE),
            api("setAllocationMode", "PUT", "/customers/{customerId}/allocation-mode", BILLING, ADMIN, PEOPLE),
            api("topUpPool", "POST", "/ledger/top-ups", BILLING, ADMIN, PEOPLE),
            api("allocateDays", "POST", "/ledger/allocations", BILLING, ADMIN, PEOPLE),
            api("requestChannelExtension", "POST", "/ledger/extensions", BILLING, ADMIN, PEOPLE),
            api("startBulkExtension", "POST", "/ledger/extensions/bulk", BILLING, ADMIN, PEOPLE),
            api("getBulkExtension", "GET", "/ledger/extensions/bulk/{id}", BILLING, ADMIN, PEOPLE),
            api("reclaimDays", "POST", "/ledger/reclaims", BILLING, ADMIN, PEOPLE),
            api("adjustAccount", "POST", "/ledger/adjustments", BILLING, ADMIN, PEOPLE),
            api("getPool", "GET", "/ledger/pool", BILLING, ADMIN, PEOPLE),
            api("getDaysOverview", "GET", "/ledger/overview", BILLING, ADMIN, PEOPLE),
            api("reconcileLedger", "GET", "/ledger/reconciliation", BILLING, ADMIN, PEOPLE),
            api("auditLedger", "GET", "/ledger/audit", BILLING, ADMIN, PEOPLE),
            // channels
            viaProvider("createChannel", "POST", "/channels", CHANNEL, CUSTOMER, CHANNELS_WRITE),
            api("listChannels", "GET", "/channels", CHANNEL, BOTH, CHANNELS_READ),
            api("getChannel", "GET", "/channels/{id}", CHANNEL, BOTH, CHANNELS_READ),
            viaProvider("deleteChannel", "DELETE", "/channels/{id}", CHANNEL, BOTH, CHANNELS_WRITE),
            viaProvider("syncChannel", "POST", "/channels/{id}/sync", CHANNEL, BOTH, CHANNELS_WRITE),
            viaProvider("getChannelQr", "GET", "/channels/{id}/qr", CHANNEL, BOTH, CHANNELS_READ),
            viaProvider("getChannelQrImage", "GET", "/channels/{id}/qr.png", CHANNEL, BOTH, CHANNELS_READ),
            viaProvider("requestPairingCode", "POST", "/channels/{id}/pairing-code", CHANNEL, BOTH, CHANNELS_WRITE),
            api("getChannelHealth", "GET", "/channels/{id}/health", CHANNEL, BOTH, CHANNELS_READ),
            api("setChannelHealthSettings", "PUT", "/channels/{id}/health/settings", CHANNEL, BOTH, CHANNELS_WRITE),
            viaProvider("restartChannel", "POST", "/channels/{id}/restart", CHANNEL, BOTH, CHANNELS_WRITE),
            viaProvider("logoutChannel", "POST", "/channels/{id}/logout", CHANNEL, BOTH, CHANNELS_WRITE),
            viaProvider("pauseChannel", "POST", "/channels/{id}/pause", CHANNEL, BOTH, CHANNELS_WRITE),
            viaProvider("resumeChannel", "POST", "/channels/{id}/resume", CHANNEL, BOTH, CHANNELS_WRITE),
            // the job is stored and answered at once; its worker calls WHAPI later, channel by channel
            api("startBulkChannelJob", "POST", "/channels/bulk", CHANNEL, BOTH, CHANNELS_WRITE),
            api("getBulkChannelJob", "GET", "/jobs/{id}", CHANNEL, BOTH, CHANNELS_READ),
            viaProvider("sendChannelMessage", "POST", "/channels/{id}/messages", CHANNEL, BOTH, MESSAGES_SEND),
            api("listChannelMessages", "GET", "/channels/{id}/messages", CHANNEL, BOTH, MESSAGES_READ),
            api("getChannelMessage", "GET", "/channels/{id}/messages/{messageId}", CHANNEL, BOTH, MESSAGES_READ),
            api("listChannelChats", "GET", "/channels/{id}/chats", CHANNEL, BOTH, MESSAGES_READ),
            api("listChannelMessageLog", "GET", "/channel-messages/export", CHANNEL, BOTH, MESSAGES_READ),
            api("exportChannelMessages", "GET", "/channel-messages/export.csv", CHANNEL, BOTH, MESSAGES_READ),
            api("listChannelExtensions", "GET", "/channels/{id}/extensions", CHANNEL, ADMIN, PEOPLE),
            api("getWhapiSettings", "GET", "/admin/whapi/settings", CHANNEL, ADMIN, PEOPLE),
            api("updateWhapiSettings", "PUT", "/admin/whapi/settings", CHANNEL, ADMIN, PEOPLE),
            viaProvider("testWhapiSettings", "POST", "/admin/whapi/settings/test", CHANNEL, ADMIN, PEOPLE),
            api("getChannelOverview", "GET", "/admin/channels/overview", CHANNEL, ADMIN, PEOPLE),
            api("listAllChannels", "GET", "/admin/channels", CHANNEL, ADMIN, PEOPLE),
            api("exportChannels", "GET", "/admin/channels/export.csv", CHANNEL, ADMIN, PEOPLE),
            api("auditChannels", "GET", "/admin/channels/audit", CHANNEL, ADMIN, PEOPLE),
            viaProvider("reconcileChannels", "POST", "/admin/channels/reconcile", CHANNEL, ADMIN, PEOPLE),
            api("bulkCreateChannels", "POST", "/admin/channels/bulk-create", CHANNEL, ADMIN, PEOPLE),
            // messages
            viaProvider("sendNotification", "POST", "/messages/notifications", MESSAGING, BOTH, MESSAGES_SEND),
            viaProvider("sendTextMessage", "POST", "/messages/text", MESSAGING, BOTH, MESSAGES_SEND),
            viaProvider("sendMediaMessage", "POST", "/messages/media", MESSAGING, BOTH, MESSAGES_SEND),
            api("listMessages", "GET", "/messages", MESSAGING, BOTH, MESSAGES_READ),
            api("listMessageLog", "GET", "/messages/export", MESSAGING, BOTH, MESSAGES_READ),
            api("exportMessages", "GET", "/messages/export.csv", MESSAGING, BOTH, MESSAGES_READ),
            api("getMessage", "GET", "/messages/{id}", MESSAGING, BOTH, MESSAGES_READ),
            viaProvider("refreshMessageStatus", "POST", "/messages/{id}/inquiry", MESSAGING, BOTH, MESSAGES_READ),
            viaProvider("checkNumber", "POST", "/messages/number-check", MESSAGING, BOTH, MESSAGES_SEND),
            api("getCustomerContact", "GET", "/customers/{customerId}/contact", MESSAGING, BOTH, MESSAGES_READ),
            api("setCustomerContact", "PUT", "/customers/{customerId}/contact", MESSAGING, BOTH, MESSAGES_SEND),
            api("getWappinSettings", "GET", "/admin/wappin/settings", MESSAGING, ADMIN, PEOPLE),
            api("updateWappinSettings", "PUT", "/admin/wappin/settings", MESSAGING, ADMIN, PEOPLE),
            api("listTemplates", "GET", "/admin/templates", MESSAGING, ADMIN, PEOPLE),
            api("putTemplate", "PUT", "/admin/templates/{name}", MESSAGING, ADMIN, PEOPLE),
            api("listNotificationRules", "GET", "/admin/notification-rules", MESSAGING, ADMIN, PEOPLE),
            api("putNotificationRule", "PUT", "/admin/notification-rules/{event}", MESSAGING, ADMIN, PEOPLE),
            api("deleteNotificationRule", "DELETE", "/admin/notification-rules/{event}", MESSAGING, ADMIN, PEOPLE),
            // signed webhooks to the customers' own systems (docs/webhooks.md)
            api("registerWebhookEndpoint", "POST", "/webhook-endpoints", MESSAGING, BOTH, WEBHOOKS_MANAGE),
            api("listWebhookEndpoints", "GET", "/webhook-endpoints", MESSAGING, BOTH, WEBHOOKS_MANAGE),
            api("getWebhookEndpoint", "GET", "/webhook-endpoints/{id}", MESSAGING, BOTH, WEBHOOKS_MANAGE),
            api("changeWebhookEndpoint", "PATCH", "/webhook-endpoints/{id}", MESSAGING, BOTH, WEBHOOKS_MANAGE),
            api("deleteWebhookEndpoint", "DELETE", "/webhook-endpoints/{id}", MESSAGING, BOTH, WEBHOOKS_MANAGE),
            api("rotateWebhookSecret", "POST", "/webhook-endpoints/{id}/rotate-secret", MESSAGING, BOTH, WEBHOOKS_MANAGE),
            api("listWebhookDeliveries", "GET", "/webhook-endpoints/{id}/deliveries", MESSAGING, BOTH, WEBHOOKS_MANAGE),
            api("getWebhookDelivery", "GET", "/webhook-endpoints/{id}/deliveries/{deliveryId}", MESSAGING, BOTH, WEBHOOKS_MANAGE),
            api("redeliverWebhook", "POST", "/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver", MESSAGING, BOTH,
                    WEBHOOKS_MANAGE),
            api("replayWebhooks", "POST", "/webhook-endpoints/{id}/replay", MESSAGING, BOTH, WEBHOOKS_MANAGE),
            // API keys: managed by people only (no key creates or revokes keys)
            api("createApiKey", "POST", "/api-keys", BILLING, CUSTOMER, PEOPLE),
            api("listApiKeys", "GET", "/api-keys", BILLING, BOTH, PEOPLE),
            api("revokeApiKey", "DELETE", "/api-keys/{id}", BILLING, BOTH, PEOPLE),
            // provider webhooks, forwarded unchanged: their own secrets protect them
            new Route("receiveWhapiWebhook", "POST", "/webhooks/whapi/{channelId}", CHANNEL, "/webhooks/whapi/{channelId}", WEBHOOK),
            // WHAPI's partner webhook (the days left on the partner's balance) has no custom headers: its secret is the path's last segment
            new Route("receiveWhapiPartnerWebhook", "POST", "/webhooks/whapi-partner/{secret}", BILLING, "/webhooks/whapi-partner/{secret}",
                    WEBHOOK),
            new Route("receiveWappinCallback", "POST", "/webhooks/wappin", MESSAGING, "/callbacks/wappin", WEBHOOK));

    private Routes() {
    }

    /** @param scope what an API key needs for the route; {@link #PEOPLE}: no key may call it */
    private static Route api(String operationId, String method, String path, Downstream target, Set<String> roles, ApiKeyScope scope) {
        return new Route(operationId, method, API + path, target, path, roles, scope, false);
    }

    /** A route whose service calls WHAPI or Wappin before answering: the longer time budget. */
    private static Route viaProvider(String operationId, String method, String path, Downstream target, Set<String> roles,
                                     ApiKeyScope scope) {
        return new Route(operationId, method, API + path, target, path, roles, scope, true);
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

    /** The methods the table has for a concrete path (empty when no route has the path): the 405's Allow. */
    public static java.util.SortedSet<String> methodsFor(String path) {
        java.util.SortedSet<String> methods = new java.util.TreeSet<>();
        for (Route route : TABLE) {
            if (route.matchesPath(path)) {
                methods.add(route.method());
            }
        }
        return methods;
    }

    public record Match(Route route, String targetPath) {
    }
}
