package app.reseller.sandbox.whapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One simulated WHAPI channel (mutable; guarded by WhapiSimulator's lock). */
final class SimulatedChannel {

    final String id;
    final String token;
    final String name;
    final String phone;
    final String projectId;
    final long creationTs;
    final long trialTill;
    String mode = "trial";
    long activeTill;
    long lastExtendAt;
    final List<Map<String, Object>> extensions = new ArrayList<>();
    /** Gate side: QR until a phone scans it (AUTH); webhooks as the channel configured them. */
    String gateStatus = "QR";
    String linkedPhone;
    /** Restarts WHAPI got for the channel; while stuckFor > 0, a restart leaves it stuck (LAUNCH) and counts down. */
    int restarts;
    int stuckFor;
    /** Stopped at the manager API (until started again). */
    boolean stopped;
    /** While > 0 the channel is silent (says AUTH, accepts sends, reports nothing); each restart counts down. */
    int silentFor;
    /** While > 0 the channel's worker answers nothing (its gate health call times out as a 504); each restart counts down. */
    int unresponsiveFor;
    List<Map<String, Object>> webhooks = List.of();
    /** The callback settings the channel set (callback_backoff_delay_ms, max_callback_backoff_delay_ms, callback_persist). */
    final Map<String, Object> callbackSettings = new LinkedHashMap<>();

    SimulatedChannel(String id, String token, String name, String phone, String projectId, long creationTs, long activeTill) {
        this.id = id;
        this.token = token;
        this.name = name;
        this.phone = phone;
        this.projectId = projectId;
        this.creationTs = creationTs;
        this.activeTill = activeTill;
        this.trialTill = activeTill;
    }

    /** The channel as WHAPI's manager API describes it (times in epoch milliseconds, as real answers have them). */
    Map<String, Object> asWhapi(long now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("token", token);
        json.put("name", name);
        if (phone != null) {
            json.put("phone", phone);
        }
        json.put("projectId", projectId);
        json.put("ownerId", "me");
        json.put("server", 1);
        json.put("apiUrl", "https://gate.whapi.cloud");
        json.put("mode", mode);
        json.put("status", !stopped && activeTill > now ? "active" : "stopped");
        json.put("activeTill", activeTill);
        json.put("creationTS", creationTs);
        json.put("trial", trialTill);
        json.put("stopped", stopped || activeTill <= now);
        json.put("blocked", false);
        return json;
    }
}
