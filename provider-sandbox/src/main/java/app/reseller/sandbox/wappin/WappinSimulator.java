package app.reseller.sandbox.wappin;

import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of the simulated Wappin account: access tokens that expire, approved templates with
 * their parameter counts, numbers that are not on WhatsApp, and every message sent, whose status
 * moves sent -> delivered -> read over time and is reported to the callback URL.
 */
@ApplicationScoped
public class WappinSimulator {

    /** Wappin's expired_datetime: local time in Jakarta, "yyyy-MM-dd HH:mm:ss". */
    static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Jakarta"));
    private static final List<String> TIMELINE = List.of("sent", "delivered", "read");

    private final WappinSandboxConfig config;
    private final WappinCallbacks callbacks;
    private final Vertx vertx;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final Map<String, Instant> tokens = new LinkedHashMap<>();
    private final Map<String, Integer> templates = new LinkedHashMap<>();
    private final Map<String, Integer> smsTemplates = new LinkedHashMap<>();
    private final Set<String> invalidNumbers = new HashSet<>();
    private final Map<String, List<Map<String, Object>>> timelines = new LinkedHashMap<>();

    public WappinSimulator(WappinSandboxConfig config, WappinCallbacks callbacks, Vertx vertx) {
        this.config = config;
        this.callbacks = callbacks;
        this.vertx = vertx;
        reset();
    }

    // ---- token ----

    /** Every call of the token endpoint counts, refused ones too (tests prove "exactly one refresh" with it). */
    public void countTokenRequest() {
        tokenRequests.incrementAndGet();
    }

    public synchronized Map<String, Object> issueToken(String clientId, String secretKey) {
        if (clientId == null || secretKey == null) {
            throw new WappinResult("406", "Auth not recognize");
        }
        if (!config.clientId().equals(clientId) || !config.secretKey().equals(secretKey)) {
            throw new WappinResult("401", "Invalid credential");
        }
        String token = HexFormat.of().formatHex(randomBytes(32));
        Instant expires = Instant.now().plus(config.tokenLifetime());
        tokens.put(token, expires);
        return Map.of("access_token", token, "expired_datetime", EXPIRY.format(expires), "token_type", "access_token");
    }

    /** Fails with 401 unless the header carries a live token. */
    public synchronized void requireToken(String authorization) {
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        Instant expires = token == null ? null : tokens.get(token);
        if (expires == null || expires.isBefore(Instant.now())) {
            throw new WappinResult("401", "Invalid credential");
        }
    }

    public synchronized void expireAllTokens() {
        tokens.replaceAll((token, expires) -> Instant.EPOCH);
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    // ---- sending ----

    /** Checks client and project; returns whether the project is in production. */
    public synchronized boolean requireProject(String clientId, String projectId) {
        if (!config.clientId().equals(clientId)
                || !(config.productionProjectId().equals(projectId) || config.uatProjectId().equals(projectId))) {
            throw new WappinResult("400", "Project ID or Client ID cannot be process.");
        }
        return config.productionProjectId().equals(projectId);
    }

    public synchronized void requireTemplate(String name, Map<String, ?> params) {
        Integer expected = templates.get(name);
        if (expected == null) {
            throw new WappinResult("404", "API Notification Template not found or inactive");
        }
        if ((params == null ? 0 : params.size()) != expected) {
            throw new WappinResult("400", "Message param count do not match");
        }
    }

    public synchronized void requireSmsTemplate(String name, Map<String, ?> params) {
        Integer expected = smsTemplates.get(name);
        if (expected == null) {
            throw new WappinResult("404", "Content Template SMS not found");
        }
        if ((params == null ? 0 : params.size()) != expected) {
            throw new WappinResult("400", "params sms count do not match");
        }
    }

    /** "62…", "+62…" or "08…" to "62…"; 601 when the number is not on WhatsApp. */
    public synchronized String requireWhatsAppNumber(String number, String notOnWhatsApp) {
        String normalized = normalize(number);
        if (normalized == null) {
            throw new WappinResult("400", "Error no input received");
        }
        if (normalized.startsWith(config.invalidNumberPrefix()) || invalidNumbers.contains(normalized)) {
            throw new WappinResult("601", notOnWhatsApp);
        }
        return normalized;
    }

    /** Records an accepted message and lets its status move on over time; returns its id. */
    public synchronized String accept(String recipient) {
        String id = HexFormat.of().formatHex(randomBytes(7)).substring(0, 13);
        timelines.put(id, new ArrayList<>());
        for (int step = 0; step < TIMELINE.size(); step++) {
            String status = TIMELINE.get(step);
            vertx.setTimer(Math.max(1, config.statusStep().toMillis() * (step + 1)), t -> advance(id, recipient, status));
        }
        return id;
    }

    private void advance(String id, String recipient, String status) {
        synchronized (this) {
            List<Map<String, Object>> timeline = timelines.get(id);
            if (timeline == null) {
                return; // reset in between
            }
            timeline.add(Map.of("status", status, "timestamp", String.valueOf(Instant.now().getEpochSecond())));
        }
        callbacks.status(id, recipient, status);
    }

    public synchronized List<Map<String, Object>> timeline(String id) {
        List<Map<String, Object>> timeline = timelines.get(id);
        if (timeline == null) {
            throw new WappinResult("404", "Data not Found");
        }
        return List.copyOf(timeline);
    }

    // ---- control ----

    public synchronized void addTemplate(String name, int params, boolean sms) {
        (sms ? smsTemplates : templates).put(name, params);
    }

    public synchronized void markNotOnWhatsApp(String number) {
        String normalized = normalize(number);
        if (normalized != null) {
            invalidNumbers.add(normalized);
        }
    }

    public synchronized void reset() {
        tokens.clear();
        tokenRequests.set(0);
        templates.clear();
        smsTemplates.clear();
        invalidNumbers.clear();
        timelines.clear();
        // the UAT templates Wappin documents, and the SMS template of its example
        templates.put("templ_uat_2", 2);
        templates.put("templ_uat_3", 3);
        smsTemplates.put("templ_hsm", 2);
    }

    static String normalize(String number) {
        if (number == null) {
            return null;
        }
        String digits = number.replaceAll("[\\s-]", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        } else if (digits.startsWith("0")) {
            digits = "62" + digits.substring(1);
        }
        return digits.matches("\\d{9,15}") ? digits : null;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
