package app.reseller.platform.domain;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the domain refuses, in the domain's words: services throw (or fail a {@code Uni} with)
 * a refusal and never pick an HTTP status. Each app's {@code rest/} layer says which status each of
 * its refusals answers ({@link RefusalStatuses}); one mapper writes the problem+json.
 * <p>
 * A refusal is an outcome, not a bug: it carries no stack trace. Its {@link #type()} is the stable
 * name clients match on (the problem's type), its detail (the message) is shown to the caller, so it
 * never carries a secret. {@link #facts()} are the values a client needs to act on it (the
 * balance that was short, the subscription in the way).
 */
public abstract class Refusal extends RuntimeException {

    private final String type;
    private final String title;
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private Duration retryAfter;

    protected Refusal(String type, String title, String detail) {
        super(detail == null ? title : detail, null, false, false);
        this.type = type;
        this.title = title;
    }

    /** One more fact for the caller (a problem+json extension member). */
    protected final void fact(String name, Object value) {
        facts.put(name, value);
    }

    /** Names the record the refusal concerns (e.g. {@code messageId}), for a caller to look it up. */
    public final Refusal concerning(String name, Object id) {
        facts.put(name, id);
        return this;
    }

    /** The refusal is temporary: the same request may succeed after this long. */
    protected final void retryAfter(Duration wait) {
        this.retryAfter = wait;
    }

    public final String type() {
        return type;
    }

    public final String title() {
        return title;
    }

    public final Map<String, Object> facts() {
        return Collections.unmodifiableMap(facts);
    }

    /** How long until a retry may succeed, or null when the refusal stands. */
    public final Duration retryAfter() {
        return retryAfter;
    }
}
