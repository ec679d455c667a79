package app.reseller.gateway.client;

import app.reseller.gateway.routing.Downstream;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * The composed reads, each with its own timeout and circuit breaker, so one slow or stopped service
 * costs the dashboard at most its timeout and then nothing until it recovers. The caller's token is
 * forwarded: each service checks it again.
 */
@ApplicationScoped
public class Services {

    private final ServiceApis.Billing billing;
    private final ServiceApis.Channel channel;
    private final ServiceApis.Messaging messaging;

    public Services(@RestClient ServiceApis.Billing billing, @RestClient ServiceApis.Channel channel,
                    @RestClient ServiceApis.Messaging messaging) {
        this.billing = billing;
        this.channel = channel;
        this.messaging = messaging;
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<JsonNode> balance(String authorization, String customerId) {
        return billing.balance(authorization, customerId);
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<JsonNode> subscriptions(String authorization, String customerId) {
        return billing.subscriptions(authorization, customerId);
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<JsonNode> channels(String authorization, String customerId) {
        return channel.channels(authorization, customerId);
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<JsonNode> recentMessages(String authorization, String customerId) {
        return messaging.messages(authorization, customerId, 5);
    }

    /**
     * The API key with this hash (base64url SHA-256), or null when billing-service knows no usable
     * one. A 404 is an answer, not a failure: it never opens the breaker.
     */
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<ResolvedApiKey> resolveApiKey(String gatewayIdentity, String secretHash) {
        return billing.resolveApiKey(gatewayIdentity, new ServiceApis.ResolveApiKeyRequest(secretHash))
                .onFailure(e -> e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithNull();
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Uni<JsonNode> openapi(Downstream downstream) {
        return switch (downstream) {
            case BILLING -> billing.openapi("json");
            case CHANNEL -> channel.openapi("json");
            case MESSAGING -> messaging.openapi("json");
        };
    }
}
