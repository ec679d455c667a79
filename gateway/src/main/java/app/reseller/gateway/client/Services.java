package app.reseller.gateway.client;

import app.reseller.gateway.config.GatewayConfig;
import app.reseller.gateway.config.ServiceCalls;
import app.reseller.gateway.routing.Downstream;
import app.reseller.platform.calls.GuardedCall;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The composed reads, each with its own timeout and circuit breaker ({@code gateway.services.calls.*}),
 * so one slow or stopped service costs the dashboard (or the overview) at most its timeout and then nothing until it
 * recovers. The caller's token is forwarded: each service checks it again.
 */
@ApplicationScoped
public class Services {

    private final ServiceApis.Billing billing;
    private final ServiceApis.Channel channel;
    private final ServiceApis.Messaging messaging;

    private final GuardedCall balance;
    private final GuardedCall subscriptions;
    private final GuardedCall channels;
    private final GuardedCall recentMessages;
    private final GuardedCall daysOverview;
    private final GuardedCall channelOverview;
    private final GuardedCall resolveApiKey;
    private final GuardedCall openapi;
    private final java.util.Map<Downstream, GuardedCall> trailPages = new java.util.EnumMap<>(Downstream.class);

    public Services(@RestClient ServiceApis.Billing billing, @RestClient ServiceApis.Channel channel,
                    @RestClient ServiceApis.Messaging messaging, GatewayConfig config) {
        this.billing = billing;
        this.channel = channel;
        this.messaging = messaging;
        ServiceCalls calls = config.services().calls();
        this.balance = GuardedCall.of("dashboard-balance", calls.dashboardPart());
        this.subscriptions = GuardedCall.of("dashboard-subscriptions", calls.dashboardPart());
        this.channels = GuardedCall.of("dashboard-channels", calls.dashboardPart());
        this.recentMessages = GuardedCall.of("dashboard-recent-messages", calls.dashboardPart());
        this.daysOverview = GuardedCall.of("overview-days", calls.dashboardPart());
        this.channelOverview = GuardedCall.of("overview-channels", calls.dashboardPart());
        this.resolveApiKey = GuardedCall.of("api-key-resolution", calls.apiKeyResolution());
        this.openapi = GuardedCall.of("service-openapi", calls.openapi());
        for (Downstream service : Downstream.values()) {
            trailPages.put(service, GuardedCall.of("trail-page-" + service.name().toLowerCase(java.util.Locale.ROOT), calls.trailPage()));
        }
    }

    public Uni<JsonNode> balance(String authorization, String customerId) {
        return balance.run(() -> billing.balance(authorization, customerId));
    }

    public Uni<JsonNode> subscriptions(String authorization, String customerId) {
        return subscriptions.run(() -> billing.subscriptions(authorization, customerId));
    }

    public Uni<JsonNode> channels(String authorization, String customerId) {
        return channels.run(() -> channel.channels(authorization, customerId));
    }

    public Uni<JsonNode> recentMessages(String authorization, String customerId) {
        return recentMessages.run(() -> messaging.messages(authorization, customerId, 5));
    }

    public Uni<JsonNode> daysOverview(String authorization) {
        return daysOverview.run(() -> billing.daysOverview(authorization));
    }

    public Uni<JsonNode> channelOverview(String authorization) {
        return channelOverview.run(() -> channel.channelOverview(authorization));
    }

    /**
     * The API key with this hash (base64url SHA-256), or null when billing-service knows no usable
     * one. A 404 is an answer, not a failure: it never opens the breaker.
     */
    public Uni<ResolvedApiKey> resolveApiKey(String gatewayIdentity, String secretHash) {
        return resolveApiKey.run(() -> billing.resolveApiKey(gatewayIdentity, new ServiceApis.ResolveApiKeyRequest(secretHash))
                .onFailure(e -> e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithNull());
    }

    /** A page of one service's activity trail ({@code limit} entries before {@code beforeId}; null: the newest). */
    public Uni<JsonNode> activityPage(Downstream service, String authorization, TrailQuery q, Long beforeId, int limit) {
        return trailPages.get(service).run(() -> switch (service) {
            case BILLING -> billing.activity(authorization, q.customerId(), q.action(), q.actor(), q.from(), q.to(), beforeId, limit);
            case CHANNEL -> channel.activity(authorization, q.customerId(), q.action(), q.actor(), q.from(), q.to(), beforeId, limit);
            case MESSAGING -> messaging.activity(authorization, q.customerId(), q.action(), q.actor(), q.from(), q.to(), beforeId, limit);
        });
    }

    /** The filters of a trail read, as each service takes them (instants as ISO-8601 text). */
    public record TrailQuery(String customerId, String action, String actor, String from, String to) {
    }

    public Uni<JsonNode> openapi(Downstream downstream) {
        return openapi.run(() -> switch (downstream) {
            case BILLING -> billing.openapi("json");
            case CHANNEL -> channel.openapi("json");
            case MESSAGING -> messaging.openapi("json");
        });
    }
}
