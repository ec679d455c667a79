package app.reseller.platform.events.activity;

import app.reseller.platform.web.Caller;
import app.reseller.platform.web.CorrelationId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/**
 * Appends an entry to the activity trail in the caller's transaction (the current Hibernate
 * Reactive session): the change and its entry commit together or not at all. Who comes from the
 * request's verified identity (a person's subject, or the customer and key id of an API key), the
 * correlation id from the request. {@code before} and {@code after} are views the service chose
 * to show: never a secret, never a message body.
 */
@ApplicationScoped
public class ActivityLog {

    private final Caller caller;
    private final ObjectMapper json;
    private final Clock clock;

    public ActivityLog(Caller caller, ObjectMapper json, Clock clock) {
        this.caller = caller;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param action     what was done, as the public API names the operation (allocateDays, createPlan, ...)
     * @param customerId whose data it changed (a customer sees its own entries); null for the platform's own (plans, the pool)
     * @param target     what it changed: an account, an id
     */
    public Uni<Void> record(String action, String customerId, String target, String reason, Object before, Object after) {
        String who = caller.apiKeyId() != null ? caller.customerId() : caller.name();
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into activity (at, actor, api_key_id, customer_id, action, target, reason, before, after, correlation_id)
                        values (:at, :actor, :key, :customer, :action, :target, :reason, cast(cast(:before as text) as jsonb),
                                cast(cast(:after as text) as jsonb), :cid)""")
                .setParameter("at", clock.instant())
                .setParameter("actor", who)
                .setParameter("key", caller.apiKeyId())
                .setParameter("customer", customerId)
                .setParameter("action", action)
                .setParameter("target", target)
                .setParameter("reason", reason)
                .setParameter("before", toJson(before))
                .setParameter("after", toJson(after))
                .setParameter("cid", CorrelationId.current())
                .executeUpdate()).replaceWithVoid();
    }

    private String toJson(Object view) {
        if (view == null) {
            return null;
        }
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an activity view that cannot be written as JSON: " + view.getClass(), e);
        }
    }
}
