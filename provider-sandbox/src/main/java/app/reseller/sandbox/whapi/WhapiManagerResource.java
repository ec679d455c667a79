package app.reseller.sandbox.whapi;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulated WHAPI manager API (manager.whapi.cloud), served under /manager. Shapes follow
 * WHAPI's published OpenAPI description. Success answers carry both {@code success} (what WHAPI
 * sends) and {@code result} (what the description's ResponseSuccess schema requires).
 */
@Path("/manager")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "WHAPI manager (simulated)")
public class WhapiManagerResource {

    private static final Pattern PHONE = Pattern.compile("^([\\d]{7,15})?$");
    private static final Set<String> MODES = Set.of("trial", "dev", "dev_archive", "live");
    private static final Map<String, Object> SUCCESS = Map.of("success", true, "result", true);

    private final WhapiSimulator whapi;
    private final WhapiSandboxConfig config;
    private final WebhookDispatcher webhooks;

    public WhapiManagerResource(WhapiSimulator whapi, WhapiSandboxConfig config, WebhookDispatcher webhooks) {
        this.whapi = whapi;
        this.config = config;
        this.webhooks = webhooks;
    }

    public record NewChannel(String name, String phone, String projectId) {
    }

    public record Extension(Double days, String comment) {
    }

    public record Mode(String mode) {
    }

    @PUT
    @Path("channels")
    public Map<String, Object> create(@HeaderParam("Authorization") String auth, NewChannel body) {
        authorize(auth);
        if (body == null || blank(body.name()) || blank(body.projectId())) {
            throw new WhapiError(400, "Bad request", "name and projectId are required");
        }
        if (body.phone() != null && !PHONE.matcher(body.phone()).matches()) {
            throw new WhapiError(400, "Bad request", "phone must have 7 to 15 digits");
        }
        return whapi.create(body.name(), body.phone(), body.projectId());
    }

    @GET
    @Path("channels/list")
    public Map<String, Object> list(@HeaderParam("Authorization") String auth,
                                    @QueryParam("count") @DefaultValue("100") int count,
                                    @QueryParam("offset") @DefaultValue("0") int offset) {
        authorize(auth);
        return whapi.list(Math.max(0, count), Math.max(0, offset));
    }

    @GET
    @Path("channels/{id}")
    public Map<String, Object> get(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        authorize(auth);
        return whapi.get(id);
    }

    @POST
    @Path("channels/{id}/restart")
    public Map<String, Object> restart(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        authorize(auth);
        whapi.get(id); // a 404 for an unknown channel
        String before = whapi.gateStatus(id);
        String after = whapi.restart(id); // it comes back as it was, unless it was stuck (then only at its last restart)
        if (!after.equals(before)) {
            webhooks.fireHealth(id, whapi.webhooks(id), after);
        }
        return SUCCESS;
    }

    /** {@code saveDays}: withdraw the channel's unused days (back to the partner balance, as PROVIDERS.md reads WHAPI). */
    public record Stop(Boolean saveDays) {
    }

    @POST
    @Path("channels/{id}/stop")
    @Consumes(MediaType.WILDCARD) // the body is optional: a client may send none, and no content type
    public Map<String, Object> stop(@HeaderParam("Authorization") String auth, @PathParam("id") String id, Stop body) {
        authorize(auth);
        if (whapi.stop(id, body != null && Boolean.TRUE.equals(body.saveDays()))) {
            webhooks.fireHealth(id, whapi.webhooks(id), "STOP");
        }
        return SUCCESS; // like WHAPI, the answer does not say how many days were withdrawn
    }

    @POST
    @Path("channels/{id}/start")
    @Consumes(MediaType.WILDCARD) // WHAPI's start has no body
    public Map<String, Object> start(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        authorize(auth);
        String before = whapi.gateStatus(id);
        String after = whapi.start(id);
        if (!after.equals(before)) {
            webhooks.fireHealth(id, whapi.webhooks(id), after);
        }
        return SUCCESS;
    }

    @POST
    @Path("channels/{id}/extend")
    public Map<String, Object> extend(@HeaderParam("Authorization") String auth, @PathParam("id") String id, Extension body) {
        authorize(auth);
        if (body == null || body.days() == null || body.days() < 1 || body.days() != Math.floor(body.days()) || blank(body.comment())) {
            throw new WhapiError(400, "Bad request", "days (a whole number, at least 1) and comment are required");
        }
        long left = whapi.extend(id, body.days().longValue(), body.comment());
        if (left < whapi.daysLimit()) { // WHAPI tells the partner its balance runs low
            webhooks.firePartnerDays(whapi.partnerWebhooks(), left, whapi.daysLimit());
        }
        return SUCCESS;
    }

    @GET
    @Path("partners/{name}/settings")
    public Map<String, Object> partnerSettings(@HeaderParam("Authorization") String auth, @PathParam("name") String name) {
        authorize(auth);
        return whapi.partnerSettings();
    }

    @PATCH
    @Path("partners/{name}/settings")
    public Map<String, Object> patchPartnerSettings(@HeaderParam("Authorization") String auth, @PathParam("name") String name,
                                                    Map<String, Object> patch) {
        authorize(auth);
        if (patch == null) {
            throw new WhapiError(400, "Bad request", "a JSON body is required");
        }
        return whapi.patchPartnerSettings(patch);
    }

    @PATCH
    @Path("channels/{id}/mode")
    public Map<String, Object> mode(@HeaderParam("Authorization") String auth, @PathParam("id") String id, Mode body) {
        authorize(auth);
        String mode = body == null || blank(body.mode()) ? "live" : body.mode();
        if (!MODES.contains(mode)) {
            throw new WhapiError(400, "Bad request", "mode must be one of " + MODES);
        }
        whapi.changeMode(id, mode);
        return SUCCESS;
    }

    @DELETE
    @Path("channels/{id}")
    public Map<String, Object> delete(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        authorize(auth);
        whapi.delete(id); // like WHAPI, the answer does not say how many days came back
        return SUCCESS;
    }

    /** Our own errors keep WHAPI's shape (the platform's problem+json mapper must not rewrite them). */
    @ServerExceptionMapper
    public Response whapiError(WhapiError e) {
        return e.getResponse();
    }

    /** Exactly "Bearer <token>": a doubled prefix is refused, as the real API would. */
    private void authorize(String header) {
        if (header == null || !header.equals("Bearer " + config.partnerToken())) {
            throw new WhapiError(401, "Unauthorized", header != null && header.startsWith("Bearer Bearer ")
                    ? "the token was sent with two Bearer prefixes" : "a valid partner token is required");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
