package app.reseller.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns every failure of a REST resource into {@code application/problem+json}: our own
 * {@link ProblemException}s, bean-validation violations, unreadable JSON, JAX-RS errors (404, 405,
 * 415 …) and, last, anything unexpected (500, logged with its stack, never shown to the caller).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.status(), e.slug(), e.title(), e.getMessage(), uri, e.extensions());
        Object retryAfter = e.extensions().get(ProblemException.RETRY_AFTER_SECONDS);
        // 429 and 503 tell the client when to come back, in the header HTTP clients understand
        return retryAfter == null ? response
                : Response.fromResponse(response).header("Retry-After", String.valueOf(retryAfter)).build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(401, "unauthenticated", "Authentication required",
                        "send a valid bearer token", uri, Map.of()))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "forbidden", "Forbidden", "your role does not allow this", uri, Map.of());
    }

    @ServerExceptionMapper
    public Response invalidRequest(ResteasyReactiveViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(v -> v.getExecutableReturnValue() != null)) {
            return unexpected(e, uri); // our answer broke its own contract: a bug, not bad input
        }
        return violations(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidArgument(ConstraintViolationException e, UriInfo uri) {
        return violations(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableField(MismatchedInputException e, UriInfo uri) {
        String field = pathOf(e);
        String detail = e instanceof InvalidFormatException bad
                ? "value " + quoted(bad.getValue()) + " of field '" + field + "' is not a valid " + bad.getTargetType().getSimpleName()
                : "field '" + field + "' has the wrong shape";
        Map<String, Object> named = field.isEmpty() ? Map.of()
                : Map.of("violations", List.of(Map.of("field", field, "message", e instanceof InvalidFormatException bad
                        ? "is not a valid " + bad.getTargetType().getSimpleName() : "has the wrong shape")));
        return respond(400, "malformed-body", "The request body is not valid", detail, uri, named);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String detail = "line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage();
        // a number out of its type's range or too long is refused by the reader while it stands on the field: name it
        String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? pathOf(mapping)
                : e instanceof com.fasterxml.jackson.core.exc.StreamReadException read && read.getProcessor() != null
                ? pathOf(read.getProcessor().getParsingContext()) : "";
        Map<String, Object> named = field.isEmpty() ? Map.of()
                : Map.of("violations", List.of(Map.of("field", field, "message", e.getOriginalMessage())));
        return respond(400, "malformed-body", "The request body is not valid JSON", detail, uri, named);
    }

    /** "items.[2].days" for the field the mapper failed on (the form violations have always had here). */
    private static String pathOf(com.fasterxml.jackson.databind.JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** "items[2].days" for the value the parser stands on, "" outside any object. */
    private static String pathOf(com.fasterxml.jackson.core.JsonStreamContext context) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /**
     * JAX-RS answers 404, naming nothing, when a path or query parameter cannot be converted to its
     * type ({@code ?page=1e3}, {@code ?page=99999999999}): for a query parameter that is bad input, so
     * 400 with the parameter named in {@code violations[].field}; a malformed path parameter stays 404
     * (the path names no resource), with a detail naming it. A 404 without such a cause is a real one.
     */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri, ResourceInfo resource) {
        Throwable cause = e.getCause();
        if (cause == null || cause instanceof WebApplicationException) {
            return http(e, uri);
        }
        var unreadable = UnreadableParameters.find(resource == null ? null : resource.getResourceMethod(), uri)
                .orElse(new UnreadableParameters.Unreadable("query", "a parameter could not be read: " + cause.getMessage(), false));
        if (unreadable.inPath()) {
            return respond(404, "not-found", "Not Found", unreadable.field() + ": " + unreadable.message()
                    + ", so the path names nothing", uri, Map.of());
        }
        return respond(400, "invalid-request", "The request is not valid", unreadable.field() + ": " + unreadable.message(), uri,
                Map.of("violations", List.of(Map.of("field", unreadable.field(), "message", unreadable.message()))));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException mismatch) {
                return unreadableField(mismatch, uri); // the JSON reader wraps what it could not read
            }
            if (cause instanceof JsonProcessingException unreadable) {
                return unreadableJson(unreadable, uri);
            }
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request refused" : known.getReasonPhrase();
        String slug = title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return respond(status, slug, title, e.getMessage(), uri, Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri == null ? "?" : uri.getPath());
        return respond(500, "internal-error", "Internal error",
                "The request failed on our side; quote the correlation id when reporting it.", uri, Map.of());
    }

    private Response violations(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> violations = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> Map.of("field", fieldOf(v), "message", v.getMessage()))
                .toList();
        String detail = violations.stream().map(v -> v.get("field") + ": " + v.get("message")).collect(Collectors.joining("; "));
        return respond(400, "invalid-request", "The request is not valid", detail, uri, Map.of("violations", violations));
    }

    /** "create.arg0.days" or "create.request.days" -> "days": the caller knows fields, not our method names. */
    private static String fieldOf(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    static Response respond(int status, String slug, String title, String detail, UriInfo uri, Map<String, Object> extensions) {
        Problem problem = new Problem(Problem.type(slug), title, status, detail,
                uri == null ? null : uri.getPath(), CorrelationId.current(), extensions);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
