package app.reseller.gateway.service;

import app.reseller.gateway.routing.Downstream;
import app.reseller.gateway.routing.Route;
import app.reseller.gateway.routing.Routes;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The public OpenAPI document as a model (MicroProfile OpenAPI's, parsed and written by SmallRye):
 * each route of the route table takes its operation from the service it goes to and is published
 * under its public path with the route's operationId, its context's tag, its security and the
 * answers the gateway itself may give ({@link PublicOperation}). The gateway's own operations
 * (dashboard, this document) come from its own description.
 * Schemas keep their names; one that two services define differently is renamed
 * {@code Service_Name} in the later service, references included; schemas no operation reaches
 * are left out.
 */
final class PublicApiDocument {

    /** A service's description: the model, and the JSON it came from (to compare schemas by content). */
    record Source(OpenAPI model, com.fasterxml.jackson.databind.JsonNode json) {
    }

    static final String GATEWAY_TAG = "Gateway";
    static final String WEBHOOK_TAG = "Webhooks";
    private static final Map<Downstream, String> TAGS = new EnumMap<>(Map.of(
            Downstream.BILLING, "Billing", Downstream.CHANNEL, "Channels", Downstream.MESSAGING, "Messaging"));
    private static final Map<String, String> TAG_DESCRIPTIONS = new LinkedHashMap<>();

    static {
        TAG_DESCRIPTIONS.put("Billing", "Plans, subscriptions, allocation modes and the day ledger (billing-service). Days are money: every movement is double-entry.");
        TAG_DESCRIPTIONS.put("Channels", "WHAPI channels of the customers: create, QR and pairing-code login, extend, delete (channel-service).");
        TAG_DESCRIPTIONS.put("Messaging", "Wappin notifications, text and media messages and their status timelines (messaging-service).");
        TAG_DESCRIPTIONS.put(WEBHOOK_TAG, "What the providers call. No bearer token: each webhook carries its provider's own secret, as its description says.");
        TAG_DESCRIPTIONS.put(GATEWAY_TAG, "What the gateway answers itself: the dashboard in one call, and this document.");
    }

    private final String publicUrl;
    PublicApiDocument(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    /**
     * @param services the services that described themselves (a missing one leaves its routes out,
     *                 and the document says so in {@code x-missing-services})
     * @param gateway  the gateway's own description, or null
     */
    OpenAPI build(Map<Downstream, Source> services, Source gateway) {
        OpenAPI merged = OASFactory.createOpenAPI().openapi("3.1.0")
                .info(OASFactory.createInfo().title("Reseller platform API").version("1")
                        .description("The one public API of the WhatsApp channel reseller platform. Every route goes through the "
                                + "gateway (bearer JWT, roles, rate limits). Errors are application/problem+json with a correlationId; "
                                + "a POST that creates something or moves days takes an Idempotency-Key, so repeating it is safe.")
                        .license(OASFactory.createLicense().name("Proprietary").url(publicUrl + "/terms")))
                .servers(List.of(OASFactory.createServer().url(publicUrl).description("the gateway")))
                .paths(OASFactory.createPaths())
                .components(OASFactory.createComponents());
        Map<String, Schema> schemas = new LinkedHashMap<>();
        Map<String, com.fasterxml.jackson.databind.JsonNode> schemaJson = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();

        for (Downstream downstream : Downstream.values()) {
            Source source = services.get(downstream);
            if (source == null) {
                missing.add(downstream.name().toLowerCase());
                continue;
            }
            adoptSchemas(source, downstream.name().charAt(0) + downstream.name().substring(1).toLowerCase(), schemas, schemaJson);
            for (Route route : Routes.TABLE) {
                if (route.target() != downstream) {
                    continue;
                }
                String servicePath = route.isWebhook() ? route.targetFor(route.method(), route.example()) : route.path().substring(Routes.API.length());
                Operation operation = find(source.model(), servicePath, route.method());
                if (operation == null) {
                    continue; // the route table test and the end-to-end test name any route without an operation
                }
                PublicOperation.Kind kind = route.isWebhook() ? PublicOperation.Kind.WEBHOOK : PublicOperation.Kind.BEARER;
                PublicOperation.publish(operation, route.operationId(), route.isWebhook() ? WEBHOOK_TAG : TAGS.get(downstream),
                        kind, true, route.method());
                pathItem(merged, route.path()).setOperation(PathItem.HttpMethod.valueOf(route.method()), operation);
            }
        }
        if (gateway != null) {
            adoptSchemas(gateway, "Gateway", schemas, schemaJson);
            addGatewayOperations(merged, gateway.model());
        }

        Set<String> used = PublicSchemas.reachable(merged, schemas);
        schemas.keySet().retainAll(used);
        schemas.put(PublicOperation.PROBLEM, PublicOperation.problemSchema());
        merged.getComponents().setSchemas(schemas);
        merged.getComponents().setSecuritySchemes(Map.of(PublicOperation.BEARER, OASFactory.createSecurityScheme()
                .type(org.eclipse.microprofile.openapi.models.security.SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("A JWT from the platform's OIDC provider; its roles (admin, customer) decide what it may call.")));
        merged.getComponents().setHeaders(Map.of(PublicOperation.RETRY_AFTER, PublicOperation.retryAfterHeader()));
        merged.setTags(tagsUsed(merged));
        if (!missing.isEmpty()) {
            merged.addExtension("x-missing-services", missing);
        }
        return merged;
    }

    private void addGatewayOperations(OpenAPI merged, OpenAPI gateway) {
        if (gateway.getPaths() == null) {
            return;
        }
        gateway.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            // the gateway's own operations name themselves; those open to anyone say so with an empty
            // @SecurityRequirementsSet (no scheme required); the others need a bearer token
            boolean open = operation.getSecurity() != null
                    && operation.getSecurity().stream().allMatch(r -> r.getSchemes() == null || r.getSchemes().isEmpty());
            PublicOperation.publish(operation, operation.getOperationId(), GATEWAY_TAG,
                    open ? PublicOperation.Kind.OPEN : PublicOperation.Kind.BEARER, false, method.name());
            pathItem(merged, path).setOperation(method, operation);
        }));
    }

    /**
     * Takes a service's schemas into the document's: a name already taken by a different schema is
     * renamed {@code Prefix_Name}, and every reference to it in the service's model follows.
     */
    private static void adoptSchemas(Source source, String prefix, Map<String, Schema> schemas,
                                     Map<String, com.fasterxml.jackson.databind.JsonNode> schemaJson) {
        if (source.model().getComponents() == null || source.model().getComponents().getSchemas() == null) {
            return;
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        source.model().getComponents().getSchemas().forEach((name, schema) -> {
            var json = source.json().path("components").path("schemas").get(name);
            if (schemas.containsKey(name) && !json.equals(schemaJson.get(name))) {
                renamed.put(name, prefix + "_" + name);
            }
        });
        PublicSchemas.renameReferences(source.model(), renamed);
        source.model().getComponents().getSchemas().forEach((name, schema) -> {
            String publicName = renamed.getOrDefault(name, name);
            if (!schemas.containsKey(publicName)) {
                schemas.put(publicName, schema);
                schemaJson.put(publicName, source.json().path("components").path("schemas").get(name));
            }
        });
    }

    private static PathItem pathItem(OpenAPI merged, String path) {
        PathItem item = merged.getPaths().getPathItem(path);
        if (item == null) {
            item = OASFactory.createPathItem();
            merged.getPaths().addPathItem(path, item);
        }
        return item;
    }

    /** The operation in a service's paths whose path has the same shape ({x} for any parameter name). */
    private static Operation find(OpenAPI service, String path, String method) {
        if (service.getPaths() == null) {
            return null;
        }
        String shape = shape(path);
        for (Map.Entry<String, PathItem> entry : service.getPaths().getPathItems().entrySet()) {
            if (shape(entry.getKey()).equals(shape)) {
                Operation operation = entry.getValue().getOperations().get(PathItem.HttpMethod.valueOf(method));
                if (operation != null) {
                    return operation;
                }
            }
        }
        return null;
    }

    private static String shape(String path) {
        return path.replaceAll("\\{[^}]+}", "{}").replaceAll("/00000000-0000-0000-0000-000000000001", "/{}");
    }

    private static List<Tag> tagsUsed(OpenAPI merged) {
        Set<String> used = new LinkedHashSet<>();
        merged.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(op -> used.addAll(op.getTags() == null ? List.of() : op.getTags())));
        List<Tag> tags = new ArrayList<>();
        TAG_DESCRIPTIONS.forEach((name, description) -> {
            if (used.contains(name)) {
                tags.add(OASFactory.createTag().name(name).description(description));
            }
        });
        return tags;
    }
}
