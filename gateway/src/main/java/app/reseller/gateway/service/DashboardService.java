package app.reseller.gateway.service;

import app.reseller.gateway.client.Services;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A customer's dashboard in one call: subscriptions and balance (billing), channels with status
 * and activeTill (channel), recent messages (messaging), fetched in parallel. A part whose service
 * fails or is too slow is left out and named in {@code missing}: the parts that answered still show.
 */
@ApplicationScoped
public class DashboardService {

    public record Dashboard(String customerId,
                            @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class, description = "subscription, "
                                    + "balance, channels and recentMessages, each as its service answers it") Map<String, JsonNode> parts,
                            @Schema(description = "the parts whose service did not answer in time") List<String> missing) {
    }

    private final Services services;

    public DashboardService(Services services) {
        this.services = services;
    }

    public Uni<Dashboard> of(String customerId, String authorization) {
        return new ComposedRead()
                .part("balance", () -> services.balance(authorization, customerId))
                .part("subscriptions", () -> services.subscriptions(authorization, customerId))
                .part("channels", () -> services.channels(authorization, customerId))
                .part("recentMessages", () -> services.recentMessages(authorization, customerId))
                .read().map(parts -> new Dashboard(customerId, parts.answered(), parts.missing()));
    }
}
