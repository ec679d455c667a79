package app.reseller.sandbox.whapi;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The simulated WHAPI gate API (gate.whapi.cloud), served under /gate and authorised by the
 * channel's own token: QR login (JSON and PNG), pairing code, health and webhook settings.
 */
@Path("/gate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "WHAPI gate (simulated)")
public class WhapiGateResource {

    private static final Pattern PHONE = Pattern.compile("^[\\d]{7,15}$");
    private static final int QR_SIZE = 256;
    private static final int QR_LIFETIME_SECONDS = 20;

    private final WhapiSimulator whapi;
    private final WebhookDispatcher webhooks;

    public WhapiGateResource(WhapiSimulator whapi, WebhookDispatcher webhooks) {
        this.whapi = whapi;
        this.webhooks = webhooks;
    }

    /** WHAPI's logoutUser: the phone is unlinked, the channel shows a QR again, its webhooks fire. */
    @jakarta.ws.rs.POST
    @Path("users/logout")
    public Map<String, Object> logout(@HeaderParam("Authorization") String auth) {
        String id = whapi.channelOfToken(auth);
        if (!"AUTH".equals(whapi.gateStatus(id))) {
            throw new WhapiError(409, "Channel already logged out", "no phone is linked");
        }
        var hooks = whapi.logout(id);
        webhooks.fireHealth(id, hooks, "QR");
        webhooks.fire(id, hooks, "users", Map.of("channel_id", id, "event", Map.of("type", "users", "event", "delete")));
        return Map.of("success", true, "result", true);
    }

    /** The part of WHAPI's Settings schema the sandbox keeps: the webhooks and how failed webhook calls are retried. */
    public record Settings(List<Map<String, Object>> webhooks,
                           @JsonProperty("callback_backoff_delay_ms") Long callbackBackoffDelayMs,
                           @JsonProperty("max_callback_backoff_delay_ms") Long maxCallbackBackoffDelayMs,
                           @JsonProperty("callback_persist") Boolean callbackPersist) {

        /** The ranges WHAPI's description gives: a step of 3-15 s, a ceiling of 10-60 min. */
        void check() {
            if (webhooks != null && webhooks.stream().anyMatch(h -> h == null || h.get("url") == null)) {
                throw new WhapiError(400, "Wrong settings format", "webhooks must be a list of objects with a url");
            }
            if (callbackBackoffDelayMs != null && (callbackBackoffDelayMs < 3_000 || callbackBackoffDelayMs > 15_000)) {
                throw new WhapiError(400, "Wrong settings format", "callback_backoff_delay_ms must be between 3000 and 15000");
            }
            if (maxCallbackBackoffDelayMs != null && (maxCallbackBackoffDelayMs < 600_000 || maxCallbackBackoffDelayMs > 3_600_000)) {
                throw new WhapiError(400, "Wrong settings format", "max_callback_backoff_delay_ms must be between 600000 and 3600000");
            }
        }

        Map<String, Object> callbackSettings() {
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("callback_backoff_delay_ms", callbackBackoffDelayMs);
            given.put("max_callback_backoff_delay_ms", maxCallbackBackoffDelayMs);
            given.put("callback_persist", callbackPersist);
            return given;
        }
    }

    @GET
    @Path("users/login")
    public Map<String, Object> qr(@HeaderParam("Authorization") String auth) {
        String id = whapi.channelOfToken(auth);
        whapi.requireNotLinked(id);
        String rowdata = qrContent(id);
        return Map.of("status", "OK", "rowdata", rowdata, "expire", QR_LIFETIME_SECONDS,
                "base64", "data:image/png;base64," + Base64.getEncoder().encodeToString(QrCodes.png(rowdata, QR_SIZE)));
    }

    @GET
    @Path("users/login/image")
    @Produces("image/png")
    public byte[] qrImage(@HeaderParam("Authorization") String auth) {
        String id = whapi.channelOfToken(auth);
        whapi.requireNotLinked(id);
        return QrCodes.png(qrContent(id), QR_SIZE);
    }

    @GET
    @Path("users/login/{phone}")
    public Map<String, Object> pairingCode(@HeaderParam("Authorization") String auth, @PathParam("phone") String phone) {
        String id = whapi.channelOfToken(auth);
        if (!PHONE.matcher(phone).matches()) {
            throw new WhapiError(400, "Invalid phone number", "7 to 15 digits, no + and no spaces");
        }
        whapi.requireNotLinked(id);
        int digits = Math.floorMod((id + phone).hashCode(), 1_000_000);
        return Map.of("code", String.format("%03d-%03d", digits / 1000, digits % 1000));
    }

    @GET
    @Path("health")
    public Map<String, Object> health(@HeaderParam("Authorization") String auth) {
        String id = whapi.channelOfToken(auth);
        if (whapi.isUnresponsive(id)) {
            throw new WhapiError(504, "Gateway Timeout", "the channel's worker did not answer");
        }
        String status = whapi.gateStatus(id);
        long startAt = whapi.creationTs(id) / 1000;
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("channel_id", id);
        health.put("start_at", startAt);
        health.put("uptime", Math.max(0, System.currentTimeMillis() / 1000 - startAt));
        health.put("version", "sandbox");
        health.put("status", Map.of("code", "AUTH".equals(status) ? 4 : 3, "text", status));
        return health;
    }

    @GET
    @Path("settings")
    public Map<String, Object> settings(@HeaderParam("Authorization") String auth) {
        return whapi.settings(whapi.channelOfToken(auth));
    }

    @PATCH
    @Path("settings")
    public Map<String, Object> updateSettings(@HeaderParam("Authorization") String auth, Settings body) {
        String id = whapi.channelOfToken(auth);
        if (body == null) {
            throw new WhapiError(400, "Wrong settings format", "the body must be a settings object");
        }
        body.check();
        Map<String, Object> before = whapi.settings(id);
        List<String> changes = new ArrayList<>(whapi.updateCallbackSettings(id, body.callbackSettings()));
        if (body.webhooks() != null) {
            whapi.replaceWebhooks(id, body.webhooks());
            changes.add("webhooks");
        }
        return Map.of("before_update", before, "after_update", whapi.settings(id), "changes", changes);
    }

    @ServerExceptionMapper
    public jakarta.ws.rs.core.Response whapiError(WhapiError e) {
        return e.getResponse();
    }

    /** What the phone would scan: stable for a channel, so tests can decode and compare it. */
    static String qrContent(String channelId) {
        return "2@sandbox," + channelId;
    }
}
