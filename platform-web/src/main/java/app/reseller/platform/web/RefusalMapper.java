package app.reseller.platform.web;

import app.reseller.platform.domain.IdempotencyKeyReused;
import app.reseller.platform.domain.InvalidValue;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.domain.Refusal;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place a domain {@link Refusal} becomes problem+json: its type, title, detail and facts as
 * they are, with the status the app's {@link RefusalStatuses} gives it. A refusal with no status is
 * a bug: the app refuses to start with one ({@link RefusalStatusesCheck}), and should one slip
 * through anyway it answers 500 and is logged.
 */
public class RefusalMapper {

    private static final Logger LOG = Logger.getLogger(RefusalMapper.class);

    private final Map<Class<? extends Refusal>, Integer> statuses = new HashMap<>(Map.of(
            InvalidValue.class, 400, NotFound.class, 404, IdempotencyKeyReused.class, 422));

    @Inject
    public RefusalMapper(Instance<RefusalStatuses> tables) {
        tables.forEach(table -> statuses.putAll(table.statuses()));
    }

    @ServerExceptionMapper
    public Response refusal(Refusal refusal, UriInfo uri) {
        Integer status = statuses.get(refusal.getClass());
        if (status == null) {
            LOG.errorf("refusal %s (%s) has no HTTP status in any RefusalStatuses", refusal.getClass().getName(), refusal.type());
            return ProblemMappers.respond(500, "internal-error", "Internal error",
                    "The request failed on our side; quote the correlation id when reporting it.", uri, Map.of());
        }
        Map<String, Object> members = new LinkedHashMap<>(refusal.facts());
        if (refusal instanceof InvalidValue invalid) {
            members.put("violations", List.of(Map.of("field", invalid.field(), "message", invalid.getMessage())));
        }
        if (refusal.retryAfter() != null) {
            members.put(ProblemException.RETRY_AFTER_SECONDS, refusal.retryAfter().toSeconds());
        }
        Response response = ProblemMappers.respond(status, refusal.type(), refusal.title(), refusal.getMessage(), uri, members);
        return refusal.retryAfter() == null ? response
                : Response.fromResponse(response).header("Retry-After", String.valueOf(refusal.retryAfter().toSeconds())).build();
    }
}
