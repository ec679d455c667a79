package app.reseller.gateway.service;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One operation as the public document shows it: its name and tag, who may call it, and every
 * answer it can get, with the answers the gateway gives itself (401, 403, 413, 429, 502, 503, 504)
 * next to the service's. Every 4xx and 5xx is a problem+json document.
 */
final class PublicOperation {

    static final String PROBLEM = "Problem";
    static final String BEARER = "bearer";
    static final String RETRY_AFTER = "Retry-After";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String PROBLEM_JSON = "application/problem+json";

    enum Kind {
        /** a bearer JWT whose role the route allows */
        BEARER,
        /** a provider's webhook: its own secret, no JWT (the operation's description says which) */
        WEBHOOK,
        /** anyone (this document, the development issuer) */
        OPEN
    }

    private PublicOperation() {
    }

    static void publish(Operation operation, String operationId, String tag, Kind kind, boolean forwarded, String method) {
        operation.setOperationId(operationId);
        operation.setTags(List.of(tag));
        operation.setSecurity(kind == Kind.BEARER
                ? List.of(OASFactory.createSecurityRequirement().addScheme(BEARER)) : List.of());
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        Map<String, APIResponse> answers = responses.getAPIResponses() == null ? Map.of() : responses.getAPIResponses();
        answers.forEach((code, answer) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                asProblem(answer);
            }
        });
        boolean pathParameters = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);
        // a path parameter that is not an id is a 404, like any unknown path; a body or query parameter can be invalid
        boolean input = operation.getRequestBody() != null || (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> p.getIn() != Parameter.In.PATH));
        if (input) {
            ensure(responses, "400", "The request is not valid: the problem's detail (and violations) names each field.");
        }
        if (kind == Kind.BEARER) {
            ensure(responses, "401", "No valid bearer token.");
            ensure(responses, "403", "The token's role may not call this.");
        } else if (kind == Kind.WEBHOOK) {
            ensure(responses, "401", "The provider's secret is missing or wrong (the description says where it goes).");
        }
        if (pathParameters && kind != Kind.WEBHOOK) {
            ensure(responses, "404", "Not found, or not the caller's: another customer's resource is a 404 too.");
        }
        if (operation.getRequestBody() != null) {
            ensure(responses, "413", "The request body is larger than the gateway takes.");
        }
        ensure(responses, "429", "Too many requests from this caller or address: try again after Retry-After seconds.")
                .addHeader(RETRY_AFTER, retryAfterReference());
        if (forwarded) {
            boolean repeatable = !method.equals("POST");
            String afterReaching = repeatable ? " Repeating the request is safe."
                    : " The request may have been applied: repeat it with the same Idempotency-Key (an applied request answers"
                      + " with its first outcome and is not applied again), or read what it creates before trying again.";
            ensure(responses, "502", "The service dropped the call before answering." + afterReaching);
            ensure(responses, "503", "The service is not taking calls (stopped, or its breaker is open): the request was not"
                    + " forwarded and nothing was applied. Try again after Retry-After seconds.")
                    .addHeader(RETRY_AFTER, retryAfterReference());
            ensure(responses, "504", "The service did not answer within the route's time budget." + afterReaching);
        }
        if (describeIdempotencyKey(operation)) {
            ensure(responses, "422", "This Idempotency-Key was used before with a different request: nothing was applied.");
        }
        // the answers in code order: 2xx first, then the refusals
        responses.setAPIResponses(new TreeMap<>(responses.getAPIResponses()));
    }

    private static APIResponse ensure(APIResponses responses, String code, String description) {
        APIResponse answer = responses.getAPIResponse(code);
        if (answer == null) {
            answer = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(code, answer);
        } else if (answer.getDescription() == null || answer.getDescription().isBlank() || isGeneric(answer.getDescription())) {
            answer.setDescription(description);
        }
        return asProblem(answer);
    }

    /** SmallRye's placeholders ("Not Authorized", "Bad Request", ...) say less than ours. */
    private static boolean isGeneric(String description) {
        return List.of("Not Authorized", "Not Allowed", "Bad Request", "Not Found").contains(description);
    }

    private static APIResponse asProblem(APIResponse answer) {
        answer.setContent(OASFactory.createContent().addMediaType(PROBLEM_JSON,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PublicSchemas.PREFIX + PROBLEM))));
        return answer;
    }

    /** Whether the operation takes an Idempotency-Key; the header is described where the service did not. */
    private static boolean describeIdempotencyKey(Operation operation) {
        if (operation.getParameters() == null) {
            return false;
        }
        List<Parameter> keys = operation.getParameters().stream()
                .filter(p -> p.getIn() == Parameter.In.HEADER && IDEMPOTENCY_KEY.equalsIgnoreCase(p.getName())).toList();
        keys.stream().filter(p -> p.getDescription() == null || p.getDescription().isBlank())
                .forEach(p -> p.setDescription("Any unique string (a UUID): the same key with the same request answers with the"
                        + " first outcome and is applied once; with a different request it is a 422."));
        return !keys.isEmpty();
    }

    private static Header retryAfterReference() {
        return OASFactory.createHeader().ref("#/components/headers/" + RETRY_AFTER);
    }

    static Header retryAfterHeader() {
        return OASFactory.createHeader().description("Seconds to wait before trying again.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ZERO));
    }

    /** RFC 9457 problem details, with the platform's correlationId and the extension members some refusals add. */
    static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An error (RFC 9457). Quote correlationId when reporting it.")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("What went wrong, as a stable URN (urn:reseller:problem:...)."))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("correlationId", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("retryAfterSeconds", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int64"))
                .addProperty("violations", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING))))
                .additionalPropertiesBoolean(Boolean.TRUE)
                .addExample(Map.of("type", "urn:reseller:problem:channel-limit-reached", "title", "Channel limit reached",
                        "status", 409, "detail", "the plan allows 1 channel", "correlationId", "0c9f1b2e-5d1a-4f1e-9c55-3b1f0d1e2a77"));
    }
}
