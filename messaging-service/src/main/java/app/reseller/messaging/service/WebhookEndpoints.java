package app.reseller.messaging.service;

import app.reseller.messaging.WebhookDelivery;
import app.reseller.messaging.WebhookEndpoint;
import app.reseller.messaging.WebhookEventType;
import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.repository.WebhookDeliveryRepository;
import app.reseller.messaging.repository.WebhookEndpointRepository;
import app.reseller.messaging.repository.WebhookEndpointRepository.Changes;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.web.Caller;
import app.reseller.messaging.MessagingRefusal;
import app.reseller.platform.domain.InvalidValue;
import app.reseller.platform.domain.NotFound;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The customers' webhook endpoints: registered with a secret shown once, changed, rotated,
 * deleted, and their delivery logs. Ownership is checked in one place ({@link #find}): another
 * customer's endpoint answers 404, as if it did not exist.
 */
@ApplicationScoped
public class WebhookEndpoints {

    public static final String SECRET_PURPOSE = "webhook-endpoint-secret";

    /** A registration or a rotation: the endpoint, and its new secret (the only time it is shown). */
    public record WithSecret(WebhookEndpoint endpoint, String secret) {
    }

    /** A delivery and every attempt at it. */
    public record DeliveryLog(WebhookDelivery delivery, List<WebhookDelivery.Attempt> attempts) {
    }

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final EndpointAddresses addresses;
    private final SecretBox secrets;
    private final MessagingConfig config;
    private final Clock clock;
    private final MessagingTrail trail;

    public WebhookEndpoints(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries, EndpointAddresses addresses,
                            SecretBox secrets, MessagingConfig config, Clock clock, MessagingTrail trail) {
        this.trail = trail;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.addresses = addresses;
        this.secrets = secrets;
        this.config = config;
        this.clock = clock;
    }

    public Uni<WithSecret> register(String customerId, String url, String description, List<String> eventTypes, boolean enabled) {
        List<String> types = known(eventTypes);
        String secret = WebhookSignatures.newSecret();
        Instant now = clock.instant();
        return addresses.check(url).chain(target -> endpoints.insertWithin(new WebhookEndpoint(UUID.randomUUID(), customerId,
                        url.strip(), description, types, enabled, enabled ? null : "disabled by its owner", null, null, now, now),
                        secrets.seal(SECRET_PURPOSE, secret), config.webhooks().maxEndpointsPerCustomer(),
                        trail.endpoint("registerWebhookEndpoint")))
                .onItem().ifNull().failWith(() -> new MessagingRefusal.WebhookEndpointLimit(config.webhooks().maxEndpointsPerCustomer()))
                .map(endpoint -> new WithSecret(endpoint, secret));
    }

    /** The endpoint, if the caller may see it; 404 otherwise (never 403: ids are not probed). */
    public Uni<WebhookEndpoint> find(Caller caller, UUID id) {
        return endpoints.find(id).map(endpoint -> {
            if (endpoint == null) {
                throw new NotFound("webhook endpoint", id);
            }
            caller.mayAccess(endpoint.customerId(), "webhook endpoint", id);
            return endpoint;
        });
    }

    public Uni<List<WebhookEndpoint>> list(Caller caller, String customerId) {
        return endpoints.list(caller.whoseRecords(customerId));
    }

    public Uni<WebhookEndpoint> change(Caller caller, UUID id, String url, String description, List<String> eventTypes, Boolean enabled) {
        List<String> types = eventTypes == null ? null : known(eventTypes);
        return find(caller, id)
                .call(endpoint -> url == null ? Uni.createFrom().voidItem() : addresses.check(url).replaceWithVoid())
                .chain(endpoint -> endpoints.update(id, new Changes(url == null ? null : url.strip(), description, types, enabled),
                        clock.instant(), trail.endpoint("changeWebhookEndpoint")));
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return find(caller, id).chain(endpoint -> endpoints.delete(id, trail.endpoint("deleteWebhookEndpoint"))).replaceWithVoid();
    }

    /** A new secret; the old one keeps signing for {@code grace} (default messaging.webhooks.rotation-grace; zero: at once). */
    public Uni<WithSecret> rotate(Caller caller, UUID id, Duration grace) {
        Duration keep = grace == null ? config.webhooks().rotationGrace() : grace;
        if (keep.isNegative() || keep.compareTo(Duration.ofDays(7)) > 0) {
            throw new InvalidValue("graceHours", "invalid-grace", "Invalid grace period", "the grace period is 0 to 7 days");
        }
        String secret = WebhookSignatures.newSecret();
        Instant now = clock.instant();
        return find(caller, id).chain(endpoint -> endpoints.rotate(id, secrets.seal(SECRET_PURPOSE, secret), now.plus(keep), now,
                        trail.endpoint("rotateWebhookSecret")))
                .map(endpoint -> new WithSecret(endpoint, secret));
    }

    public Uni<List<WebhookDelivery>> deliveries(Caller caller, UUID id, String status, Instant from, Instant until, int page, int size) {
        return find(caller, id).chain(endpoint -> deliveries.list(id, status, from, until, page, size));
    }

    public Uni<DeliveryLog> delivery(Caller caller, UUID id, UUID deliveryId) {
        return find(caller, id).chain(endpoint -> deliveries.find(id, deliveryId))
                .onItem().ifNull().failWith(() -> new NotFound("webhook delivery", deliveryId))
                .chain(delivery -> deliveries.attempts(deliveryId).map(attempts -> new DeliveryLog(delivery, attempts)));
    }

    /** One delivery sent again, with the same webhook-id and body. */
    public Uni<DeliveryLog> redeliver(Caller caller, UUID id, UUID deliveryId) {
        return delivery(caller, id, deliveryId)
                .call(log -> find(caller, id).chain(endpoint -> deliveries.requeue(id, deliveryId, null, null, clock.instant(),
                        trail.requeued("redeliverWebhook", endpoint))))
                .chain(log -> delivery(caller, id, deliveryId));
    }

    /** Every delivery of the endpoint created in [from, until) sent again, in their order; how many. */
    public Uni<Integer> replay(Caller caller, UUID id, Instant from, Instant until) {
        if (from == null || until == null || !from.isBefore(until)) {
            throw new MessagingRefusal.InvalidReplayRange();
        }
        return find(caller, id).chain(endpoint -> deliveries.requeue(id, null, from, until, clock.instant(),
                trail.requeued("replayWebhooks", endpoint)));
    }

    private static List<String> known(List<String> eventTypes) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw new InvalidValue("eventTypes", "invalid-event-types", "No event types", "an endpoint subscribes to at least one of "
                    + WebhookEventType.publicNames());
        }
        for (String type : eventTypes) {
            if (WebhookEventType.ofPublicName(type).isEmpty()) {
                throw new InvalidValue("eventTypes", "unknown-event-type", "Unknown event type",
                        "'" + type + "' is not one of " + WebhookEventType.publicNames());
            }
        }
        return List.copyOf(new LinkedHashSet<>(eventTypes));
    }
}
