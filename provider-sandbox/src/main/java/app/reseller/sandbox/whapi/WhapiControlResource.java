package app.reseller.sandbox.whapi;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What tests and the local run need from the simulated WHAPI beyond its own API. */
@Path("/_sandbox/whapi")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sandbox control: WHAPI")
public class WhapiControlResource {

    private final WhapiSimulator whapi;
    private final WebhookDispatcher webhooks;
    private final GateMessages messages;

    public WhapiControlResource(WhapiSimulator whapi, WebhookDispatcher webhooks, GateMessages messages) {
        this.whapi = whapi;
        this.webhooks = webhooks;
        this.messages = messages;
    }

    public record StatusRequest(String messageId, String status) {
    }

    /** id: leave it out for a new message; send one again to repeat a webhook. */
    public record InboundRequest(String id, String from, String text) {
    }

    @POST
    @Path("channels/{id}/inbound")
    @Operation(summary = "Someone writes to the channel's phone: its 'messages' webhook fires (the same id again repeats it)")
    public Map<String, Object> inbound(@PathParam("id") String id, InboundRequest request) {
        return messages.inbound(id, request.id(), request.from() == null ? "6281299990000" : request.from(),
                request.text() == null ? "Hello" : request.text());
    }

    @POST
    @Path("channels/{id}/statuses")
    @Operation(summary = "A status of a sent message on demand (a late or repeated one): its 'statuses' webhook fires")
    public Map<String, Object> status(@PathParam("id") String id, StatusRequest request) {
        messages.fireStatus(id, request.messageId(), request.status());
        return Map.of("channelId", id, "messageId", request.messageId(), "status", request.status());
    }

    @GET
    @Path("channels/{id}/sent")
    @Operation(summary = "What the channel sent through the gate, as WHAPI answered each send")
    public java.util.List<Map<String, Object>> sent(@PathParam("id") String id) {
        return messages.sentBy(id);
    }

    public record HealthRequest(String status) {
    }

    @POST
    @Path("channels/{id}/health")
    @Operation(summary = "The channel's health changes (INIT, LAUNCH, QR, AUTH, SYNC_ERROR, STOP, ...): its 'channel' webhook fires")
    public Map<String, Object> health(@PathParam("id") String id, HealthRequest request) {
        String status = request == null || request.status() == null ? "AUTH" : request.status();
        webhooks.fireHealth(id, whapi.setHealth(id, status), status);
        return whapi.restarts(id);
    }

    public record StuckRequest(Integer restartsToRecover) {
    }

    @POST
    @Path("channels/{id}/stuck")
    @Operation(summary = "The channel hangs in LAUNCH (its 'channel' webhook fires) until restarted restartsToRecover times (0: never)")
    public Map<String, Object> stuck(@PathParam("id") String id, StuckRequest request) {
        int restarts = request == null || request.restartsToRecover() == null ? 1 : request.restartsToRecover();
        webhooks.fireHealth(id, whapi.stick(id, restarts == 0 ? Integer.MAX_VALUE : restarts), "LAUNCH");
        return whapi.restarts(id);
    }

    public record SilenceRequest(Integer restartsToRecover) {
    }

    @POST
    @Path("channels/{id}/silent")
    @Operation(summary = "The channel goes silent: its health still says AUTH and sends are accepted, but no status and no inbound "
            + "message comes, until restarted restartsToRecover times (0: never; default 1)")
    public Map<String, Object> silent(@PathParam("id") String id, SilenceRequest request) {
        int restarts = request == null || request.restartsToRecover() == null ? 1 : request.restartsToRecover();
        if (restarts < 0) {
            throw new WhapiError(400, "Bad request", "restartsToRecover is 0 (never) or more");
        }
        whapi.silence(id, restarts == 0 ? Integer.MAX_VALUE : restarts);
        return Map.of("channelId", id, "silent", true, "restartsToRecover", restarts);
    }

    @POST
    @Path("channels/{id}/unresponsive")
    @Operation(summary = "The channel's worker stops answering: its last webhook said AUTH, but its gate health call answers 504, "
            + "until restarted restartsToRecover times (0: never; default 1)")
    public Map<String, Object> unresponsive(@PathParam("id") String id, SilenceRequest request) {
        int restarts = request == null || request.restartsToRecover() == null ? 1 : request.restartsToRecover();
        if (restarts < 0) {
            throw new WhapiError(400, "Bad request", "restartsToRecover is 0 (never) or more");
        }
        whapi.makeUnresponsive(id, restarts == 0 ? Integer.MAX_VALUE : restarts);
        return Map.of("channelId", id, "unresponsive", true, "restartsToRecover", restarts);
    }

    @GET
    @Path("channels/{id}/webhook-settings")
    @Operation(summary = "The channel's webhook settings as the platform last set them (PATCH /settings)")
    public List<Map<String, Object>> webhookSettings(@PathParam("id") String id) {
        return whapi.webhooks(id);
    }

    @GET
    @Path("channels/{id}/settings")
    @Operation(summary = "The channel's settings as the platform last set them: webhooks and callback retries (GET /settings)")
    public Map<String, Object> settings(@PathParam("id") String id) {
        return whapi.settings(id);
    }

    @GET
    @Path("channels/{id}/restarts")
    @Operation(summary = "How many restarts WHAPI got for the channel, and its status now")
    public Map<String, Object> restarts(@PathParam("id") String id) {
        return whapi.restarts(id);
    }

    @POST
    @Path("channels/{id}/login")
    @Operation(summary = "A phone scans the QR: the channel becomes AUTH and its 'channel' and 'users' webhooks fire")
    public Map<String, Object> login(@PathParam("id") String id, @QueryParam("phone") @DefaultValue("6281200000000") String phone) {
        var hooks = whapi.login(id, phone);
        webhooks.fireHealth(id, hooks, "AUTH");
        webhooks.fire(id, hooks, "users", Map.of("channel_id", id, "event", Map.of("type", "users", "event", "post"),
                "user", Map.of("id", phone)));
        return Map.of("channelId", id, "status", "AUTH");
    }

    @POST
    @Path("channels/{id}/logout")
    @Operation(summary = "The phone logs out: the channel shows a QR again and its webhooks fire")
    public Map<String, Object> logout(@PathParam("id") String id) {
        var hooks = whapi.logout(id);
        webhooks.fireHealth(id, hooks, "QR");
        webhooks.fire(id, hooks, "users", Map.of("channel_id", id, "event", Map.of("type", "users", "event", "delete")));
        return Map.of("channelId", id, "status", "QR");
    }

    @GET
    @Path("channels/{id}/webhook-deliveries")
    @Operation(summary = "Every webhook call made for the channel and the status its receiver answered")
    public List<Map<String, Object>> deliveries(@PathParam("id") String id) {
        return webhooks.deliveries(id);
    }

    @GET
    @Path("partner")
    @Operation(summary = "The partner balance in days")
    public Map<String, Long> partner() {
        return Map.of("balanceDays", whapi.balanceDays());
    }

    @POST
    @Path("partner/days-webhook")
    @Operation(summary = "Fire the partner's \"days\" webhook now with the current balance (WHAPI fires it after an extend below days_limit)")
    public Map<String, Object> firePartnerDays() {
        webhooks.firePartnerDays(whapi.partnerWebhooks(), whapi.balanceDays(), whapi.daysLimit());
        return whapi.partnerSettings();
    }

    @PUT
    @Path("partner")
    @Operation(summary = "Set the partner balance")
    public Map<String, Long> setPartnerBalance(@QueryParam("balanceDays") @Min(0) @Max(10_000_000) long days) {
        whapi.setBalanceDays(days);
        return partner();
    }

    @GET
    @Path("channels/{id}/extensions")
    @Operation(summary = "Every extend the channel got: how many times days were really added")
    public List<Map<String, Object>> extensions(@PathParam("id") String id) {
        return whapi.extensionsOf(id);
    }

    /** limit: WHAPI's creations per window; windowSeconds: its length (a benchmark's short window); left out: the configured ones. */
    public record CreationWindowRequest(@Min(0) Integer limit, @Min(1) @Max(86_400) Integer windowSeconds) {
    }

    @PUT
    @Path("creation-window")
    @Operation(summary = "A new creation window with this limit (a test's WHAPI limit of 20, while other suites run with it lifted): nothing counted, nothing refused yet")
    public Map<String, Object> creationWindow(@jakarta.validation.Valid CreationWindowRequest request) {
        return whapi.creationWindow(request == null ? null : request.limit(),
                request == null || request.windowSeconds() == null ? null : Duration.ofSeconds(request.windowSeconds()));
    }

    @GET
    @Path("creation-window")
    @Operation(summary = "The creation window: its limit, how many creations it holds now, how many creates it refused (429)")
    public Map<String, Object> creationWindow() {
        return whapi.creationWindow();
    }

    @POST
    @Path("clock/advance")
    @Operation(summary = "Move the simulated time forward (e.g. past the 5-minute extend block)")
    public Map<String, Long> advance(@QueryParam("seconds") @Min(1) @Max(31_536_000) long seconds) {
        whapi.advance(Duration.ofSeconds(seconds));
        return Map.of("advancedSeconds", seconds);
    }

    @POST
    @Path("clock/real")
    @Operation(summary = "Back to real time, channels kept (what a test that moved the clock does when it ends)")
    public Map<String, Long> backToRealTime() {
        whapi.backToRealTime();
        return Map.of("nowMillis", System.currentTimeMillis());
    }

    @POST
    @Path("reset")
    @Operation(summary = "No channels, the initial balance, no rate-limit history")
    public Map<String, Long> reset() {
        whapi.reset();
        webhooks.reset();
        messages.reset();
        return partner();
    }
}
