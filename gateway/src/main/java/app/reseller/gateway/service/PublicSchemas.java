package app.reseller.gateway.service;

import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Walks the schemas of an OpenAPI model: the references between them, and renaming one. */
final class PublicSchemas {

    static final String PREFIX = "#/components/schemas/";

    private PublicSchemas() {
    }

    /** Every reference {@code #/components/schemas/Old} in the model now names {@code New}. */
    static void renameReferences(OpenAPI model, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return;
        }
        Consumer<Schema> rename = schema -> {
            String ref = schema.getRef();
            if (ref != null && ref.startsWith(PREFIX) && renamed.containsKey(ref.substring(PREFIX.length()))) {
                schema.setRef(PREFIX + renamed.get(ref.substring(PREFIX.length())));
            }
        };
        if (model.getPaths() != null) {
            model.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> inOperation(op, rename)));
        }
        if (model.getComponents() != null && model.getComponents().getSchemas() != null) {
            model.getComponents().getSchemas().values().forEach(schema -> walk(schema, rename));
        }
    }

    /** The names of the schemas the document's operations reach, directly or through other schemas. */
    static Set<String> reachable(OpenAPI document, Map<String, Schema> schemas) {
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        Consumer<Schema> collect = schema -> {
            String ref = schema.getRef();
            if (ref != null && ref.startsWith(PREFIX) && reached.add(ref.substring(PREFIX.length()))) {
                todo.add(ref.substring(PREFIX.length()));
            }
        };
        document.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> inOperation(op, collect)));
        while (!todo.isEmpty()) {
            walk(schemas.get(todo.poll()), collect);
        }
        return reached;
    }

    private static void inOperation(Operation operation, Consumer<Schema> visit) {
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(p -> {
                walk(p.getSchema(), visit);
                inContent(p.getContent(), visit);
            });
        }
        if (operation.getRequestBody() != null) {
            inContent(operation.getRequestBody().getContent(), visit);
        }
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().values().forEach(response -> {
                inContent(response.getContent(), visit);
                if (response.getHeaders() != null) {
                    response.getHeaders().values().forEach(h -> walk(h.getSchema(), visit));
                }
            });
        }
    }

    private static void inContent(Content content, Consumer<Schema> visit) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(media -> walk(media.getSchema(), visit));
        }
    }

    /** The schema and every schema inside it (properties, items, allOf, additionalProperties, ...). */
    private static void walk(Schema schema, Consumer<Schema> visit) {
        if (schema == null) {
            return;
        }
        visit.accept(schema);
        schema.getAll().values().forEach(value -> walkValue(value, visit));
    }

    private static void walkValue(Object value, Consumer<Schema> visit) {
        if (value instanceof Schema schema) {
            walk(schema, visit);
        } else if (value instanceof Collection<?> values) {
            values.forEach(v -> walkValue(v, visit));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> walkValue(v, visit));
        }
    }
}
