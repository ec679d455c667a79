package app.reseller.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown (or failed with, in a {@code Uni}) by domain and service code to answer a clear
 * problem+json error. Never carries secrets: its detail is shown to the caller.
 */
public class ProblemException extends RuntimeException {

    /** An extension member in seconds that is also sent as the {@code Retry-After} header. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String slug, String title, String detail, Map<String, Object> extensions) {
        super(detail == null ? title : detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of());
    }

    public static ProblemException badRequest(String slug, String title, String detail) {
        return new ProblemException(400, slug, title, detail);
    }

    /**
     * A 400 for one field or parameter of the request, named in {@code violations[].field} as bean
     * validation names its own: a client shows the message beside that field.
     */
    public static ProblemException badRequestOn(String field, String slug, String title, String detail) {
        return badRequest(slug, title, detail).with("violations", java.util.List.of(Map.of("field", field, "message", detail)));
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", what + " not found", what + " " + id + " does not exist");
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(409, slug, title, detail);
    }

    /** A 503 (or 429) telling the caller when to try again, in the body and as {@code Retry-After}. */
    public static ProblemException unavailable(int status, String slug, String title, String detail, long retryAfterSeconds) {
        return new ProblemException(status, slug, title, detail, Map.of(RETRY_AFTER_SECONDS, retryAfterSeconds));
    }

    /** A copy carrying one more extension member. */
    public ProblemException with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(key, value);
        return new ProblemException(status, slug, title, getMessage(), more);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
