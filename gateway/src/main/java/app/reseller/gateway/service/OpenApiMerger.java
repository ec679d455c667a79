package app.reseller.gateway.service;

import app.reseller.gateway.client.Services;
import app.reseller.gateway.routing.Downstream;
import app.reseller.gateway.routing.Route;
import app.reseller.gateway.routing.Routes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One OpenAPI document for the whole public API, built from the services' own descriptions: each
 * route of the route table gets its operation from the service it goes to, under its public path.
 * Schemas keep their names; one that two services define differently is renamed {@code Service_Name}
 * in the later service. Kept for a minute; a service that does not answer leaves its routes out
 * (and the document says so in {@code x-missing-services}).
 */
@ApplicationScoped
public class OpenApiMerger {

    private static final Logger LOG = Logger.getLogger(OpenApiMerger.class);
    private static final Duration KEEP = Duration.ofMinutes(1);

    private final Services services;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile JsonNode cached;
    private volatile Instant cachedAt = Instant.EPOCH;

    public OpenApiMerger(Services services, ObjectMapper json, Clock clock) {
        this.clock = clock;
        this.services = services;
        this.json = json;
    }

    public Uni<JsonNode> document() {
        if (cached != null && cachedAt.plus(KEEP).isAfter(clock.instant())) {
            return Uni.createFrom().item(cached);
        }
        Map<Downstream, JsonNode> docs = new EnumMap<>(Downstream.class);
        return Uni.join().all(java.util.Arrays.stream(Downstream.values())
                        .map(d -> services.openapi(d).invoke(doc -> docs.put(d, doc)).onFailure().recoverWithNull())
                        .toList()).andFailFast()
                .map(ignored -> (JsonNode) merge(docs))
                .invoke(doc -> {
                    if (!doc.has("x-missing-services")) {
                        cached = doc;
                        cachedAt = clock.instant();
                    }
                });
    }

    ObjectNode merge(Map<Downstream, JsonNode> docs) {
        ObjectNode merged = json.createObjectNode();
        merged.put("openapi", "3.0.3");
        merged.putObject("info").put("title", "Reseller platform API").put("version", "1")
                .put("description", "The one public API: every route goes through the gateway (bearer JWT, roles, rate limits); "
                        + "errors are application/problem+json with a correlationId.");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode schemas = merged.putObject("components").putObject("schemas");
        ObjectNode security = ((ObjectNode) merged.get("components")).putObject("securitySchemes");
        security.putObject("bearer").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
        merged.putArray("security").addObject().putArray("bearer");

        for (Downstream downstream : Downstream.values()) {
            JsonNode doc = docs.get(downstream);
            if (doc == null) {
                merged.withArray("x-missing-services").add(downstream.name().toLowerCase());
                continue;
            }
            doc = renameClashingSchemas(doc, schemas, downstream);
            doc.path("components").path("schemas").fields().forEachRemaining(e -> schemas.putIfAbsent(e.getKey(), e.getValue()));
            for (Route route : Routes.TABLE) {
                if (route.target() != downstream) {
                    continue;
                }
                String servicePath = route.isWebhook() ? route.targetFor(route.method(), route.example()) : route.path().substring(Routes.API.length());
                JsonNode operation = find(doc.path("paths"), servicePath, route.method().toLowerCase());
                if (operation == null) {
                    LOG.debugf("no operation for %s in %s's description", route, downstream);
                    continue;
                }
                ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
                ObjectNode op = operation.deepCopy();
                if (route.isWebhook()) {
                    op.putArray("security"); // a webhook carries its provider's secret, not a JWT
                }
                op.put("x-roles", String.join(",", route.roles()));
                item.set(route.method().toLowerCase(), op);
            }
        }
        return merged;
    }

    /** The operation in a service's paths whose path has the same shape ({x} for any parameter name). */
    private static JsonNode find(JsonNode paths, String path, String method) {
        String shape = path.replaceAll("\\{[^}]+}", "{}").replaceAll("/00000000-0000-0000-0000-000000000001", "/{}");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().replaceAll("\\{[^}]+}", "{}").equals(shape) && entry.getValue().has(method)) {
                return entry.getValue().get(method);
            }
        }
        return null;
    }

    private JsonNode renameClashingSchemas(JsonNode doc, ObjectNode known, Downstream downstream) {
        String text = doc.toString();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("components").path("schemas").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = it.next();
            if (known.has(schema.getKey()) && !known.get(schema.getKey()).equals(schema.getValue())) {
                String renamed = downstream.name().charAt(0) + downstream.name().substring(1).toLowerCase() + "_" + schema.getKey();
                text = text.replace("\"#/components/schemas/" + schema.getKey() + "\"", "\"#/components/schemas/" + renamed + "\"")
                        .replace("\"" + schema.getKey() + "\":{", "\"" + renamed + "\":{");
            }
        }
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
