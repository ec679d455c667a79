package app.reseller.platform.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * An RFC 9457 problem detail: the one error body of the platform, sent as
 * {@code application/problem+json}. {@code type} is stable (clients switch on it), {@code title}
 * is for people, {@code correlationId} ties the answer to the log lines of the request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "correlationId"})
public record Problem(String type, String title, int status, String detail, String instance, String correlationId,
                      Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:reseller:problem:";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** The stable type URI of a problem slug such as {@code insufficient-balance}. */
    public static String type(String slug) {
        return TYPE_PREFIX + slug;
    }

    /** Extension members (e.g. {@code balance}, {@code violations}) sit beside the standard ones. */
    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions;
    }

    /** Hidden from JSON: {@link #extensionMembers()} writes them flat. */
    @Override
    @JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }
}
