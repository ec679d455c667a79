package app.reseller.gateway.service;

import app.reseller.gateway.client.Services;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A customer's dashboard in one call: subscriptions and balance (billing), channels with status
 * and activeTill (channel), recent messages (messaging), fetched in parallel. A part whose service
 * fails or is too slow is left out and named in {@code missing}: the parts that answered still show.
 */
@ApplicationScoped
public class DashboardService {

    private static final Logger LOG = Logger.getLogger(DashboardService.class);

    public record Dashboard(String customerId,
                            @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class, description = "subscription, "
                                    + "balance, channels and recentMessages, each as its service answers it") Map<String, JsonNode> parts,
                            @Schema(description = "the parts whose service did not answer in time") List<String> missing) {
    }

    private record Part(String name, JsonNode value) {
    }

    private final Services services;

    public DashboardService(Services services) {
        this.services = services;
    }

    public Uni<Dashboard> of(String customerId, String authorization) {
        return Uni.combine().all().unis(
                        part("balance", () -> services.balance(authorization, customerId)),
                        part("subscriptions", () -> services.subscriptions(authorization, customerId)),
                        part("channels", () -> services.channels(authorization, customerId)),
                        part("recentMessages", () -> services.recentMessages(authorization, customerId)))
                .with(Part.class, parts -> {
                    Map<String, JsonNode> answered = new LinkedHashMap<>();
                    List<String> missing = new ArrayList<>();
                    for (Part p : parts) {
                        if (p.value() == null) {
                            missing.add(p.name());
                        } else {
                            answered.put(p.name(), p.value());
                        }
                    }
                    return new Dashboard(customerId, answered, missing);
                });
    }

    private static Uni<Part> part(String name, Supplier<Uni<? extends JsonNode>> call) {
        return Uni.createFrom().deferred(call::get)
                .map(value -> new Part(name, value))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("dashboard part %s missing: %s", name, failure.toString());
                    return new Part(name, null);
                });
    }
}
