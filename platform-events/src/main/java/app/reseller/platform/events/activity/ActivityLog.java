package app.reseller.platform.events.activity;

import app.reseller.platform.web.Caller;
import app.reseller.platform.web.CorrelationId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

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
        Entry e = entry(action, customerId, target, reason, before, after);
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into activity (at, actor, api_key_id, customer_id, action, target, reason, before, after, correlation_id)
                        values (:at, :actor, :key, :customer, :action, :target, :reason, cast(cast(:before as text) as jsonb),
                                cast(cast(:after as text) as jsonb), :cid)""")
                .setParameter("at", e.at())
                .setParameter("actor", e.actor())
                .setParameter("key", e.apiKeyId())
                .setParameter("customer", e.customerId())
                .setParameter("action", e.action())
                .setParameter("target", e.target())
                .setParameter("reason", e.reason())
                .setParameter("before", e.before())
                .setParameter("after", e.after())
                .setParameter("cid", e.correlationId())
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * An entry that is the transaction's only write: an action whose effect is at a provider (a
     * restart, a logout, a connection test), recorded once the provider has answered yes.
     */
    public Uni<Void> recordOnItsOwn(String action, String customerId, String target, String reason, Object before, Object after) {
        return Panache.withTransaction(() -> record(action, customerId, target, reason, before, after));
    }

    /**
     * The same, in a transaction of the reactive pool ({@code tx}) for the code that works on the
     * pool directly (API keys, webhook endpoints). The views go in as text cast to jsonb: a String
     * bound straight to a jsonb parameter would be stored as one JSON string, not as the object.
     */
    public Uni<Void> record(SqlClient tx, String action, String customerId, String target, String reason, Object before, Object after) {
        Entry e = entry(action, customerId, target, reason, before, after);
        return tx.preparedQuery("""
                        insert into activity (at, actor, api_key_id, customer_id, action, target, reason, before, after, correlation_id)
                        values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9::text::jsonb, $10)""")
                .execute(Tuple.tuple(Arrays.asList(e.at().atOffset(ZoneOffset.UTC), e.actor(), e.apiKeyId(), e.customerId(), e.action(),
                        e.target(), e.reason(), e.before(), e.after(), e.correlationId())))
                .replaceWithVoid();
    }

    /** An entry as it is written: who and when from the request and the clock, the views as JSON text. */
    private record Entry(Instant at, String actor, String apiKeyId, String customerId, String action, String target, String reason,
                         String before, String after, String correlationId) {
    }

    private Entry entry(String action, String customerId, String target, String reason, Object before, Object after) {
        String who = caller.apiKeyId() != null ? caller.customerId() : caller.name();
        return new Entry(clock.instant(), who, caller.apiKeyId(), customerId, action, target, reason, toJson(before), toJson(after),
                CorrelationId.current());
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
