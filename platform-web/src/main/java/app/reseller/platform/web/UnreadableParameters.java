package app.reseller.platform.web;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which path or query parameter of a request could not be converted to its Java type. JAX-RS
 * answers such a request 404 without naming anything (a rule of its specification); the platform
 * answers a query parameter's with 400 and {@code violations[].field} naming it, and keeps 404 for a
 * path parameter's (a malformed id names no resource) with a detail that says which, so
 * {@link ProblemMappers} asks here which one it was: each declared parameter's raw value is
 * converted again, the first that fails is the one.
 */
final class UnreadableParameters {

    /** @param inPath a path parameter: the path names no resource, so the answer stays 404 (naming it) */
    record Unreadable(String field, String message, boolean inPath) {
    }

    private UnreadableParameters() {
    }

    static Optional<Unreadable> find(Method method, UriInfo uri) {
        if (method == null || uri == null) {
            return Optional.empty();
        }
        for (Parameter parameter : method.getParameters()) {
            Optional<Unreadable> found = parameter.isAnnotationPresent(BeanParam.class)
                    ? inBean(parameter.getType(), uri)
                    : check(parameter, convertedType(parameter.getParameterizedType()), parameter.getName(), uri);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Unreadable> inBean(Class<?> bean, UriInfo uri) {
        for (Class<?> type = bean; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                Optional<Unreadable> found = check(field, convertedType(field.getGenericType()), field.getName(), uri);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The type each raw value is converted to: a repeatable parameter's ({@code Set<ChannelState>}) is its element's. */
    private static Class<?> convertedType(Type declared) {
        if (declared instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw) && generic.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        if (declared instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            return raw;
        }
        return declared instanceof Class<?> plain ? plain : Object.class;
    }

    private static Optional<Unreadable> check(AnnotatedElement element, Class<?> type, String javaName, UriInfo uri) {
        String query = name(element.getAnnotation(QueryParam.class), element.getAnnotation(RestQuery.class), javaName);
        String path = name(element.getAnnotation(PathParam.class), element.getAnnotation(RestPath.class), javaName);
        MultivaluedMap<String, String> values = query != null ? uri.getQueryParameters() : path != null ? uri.getPathParameters() : null;
        String name = query != null ? query : path;
        if (values == null || !values.containsKey(name)) {
            return Optional.empty();
        }
        for (String raw : values.getOrDefault(name, List.of())) {
            if (!readable(type, raw)) {
                return Optional.of(new Unreadable(name, "'" + shortened(raw) + "' is not " + expected(type), query == null));
            }
        }
        return Optional.empty();
    }

    private static String name(Annotation jaxrs, Annotation rest, String javaName) {
        if (jaxrs instanceof QueryParam q) {
            return q.value();
        }
        if (jaxrs instanceof PathParam p) {
            return p.value();
        }
        if (rest instanceof RestQuery q) {
            return q.value().isEmpty() ? javaName : q.value();
        }
        if (rest instanceof RestPath p) {
            return p.value().isEmpty() ? javaName : p.value();
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean readable(Class<?> type, String raw) {
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(raw);
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(raw);
            } else if (type == UUID.class) {
                UUID.fromString(raw);
            } else if (type == Instant.class) {
                Instant.parse(raw);
            } else if (type == OffsetDateTime.class) {
                OffsetDateTime.parse(raw);
            } else if (type == LocalDate.class) {
                LocalDate.parse(raw);
            } else if (type == boolean.class || type == Boolean.class) {
                return raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false");
            } else if (type.isEnum()) {
                Enum.valueOf((Class) type, raw);
            }
            return true;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "an ISO-8601 instant such as 2026-01-31T00:00:00Z";
        }
        if (type == LocalDate.class) {
            return "an ISO-8601 date such as 2026-01-31";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a valid " + type.getSimpleName();
    }

    private static String shortened(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "…";
    }
}
