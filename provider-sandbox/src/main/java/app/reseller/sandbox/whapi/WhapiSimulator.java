package app.reseller.sandbox.whapi;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of the simulated WHAPI partner account: a partner balance of days that extend draws
 * from and delete refunds to, channels that start in TRIAL for 5 days, the per-channel extend
 * block and the creation rate limit. All state changes under one lock: it is a test double, not a
 * high-throughput server.
 */
@ApplicationScoped
public class WhapiSimulator {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALPHANUMERIC = LETTERS + "0123456789";

    private final WhapiSandboxConfig config;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SimulatedChannel> channels = new LinkedHashMap<>();
    private final Deque<Long> recentCreations = new ArrayDeque<>();
    /** A test's own creation limit (the configured one when null), and how many creates the window refused. */
    private Integer creationLimitOverride;
    private Duration creationWindowOverride;
    private long refusedCreations;
    private Clock clock = Clock.systemUTC();
    private long balanceDays;
    /** The partner's settings (PATCH /partners/{name}/settings): its webhooks and the days_limit its "days" event fires below. */
    private List<Map<String, Object>> partnerWebhooks = List.of();
    private long daysLimit = 7;

    public WhapiSimulator(WhapiSandboxConfig config) {
        this.config = config;
        this.balanceDays = config.initialBalanceDays();
    }

    public synchronized Map<String, Object> create(String name, String phone, String projectId) {
        long now = clock.millis();
        while (!recentCreations.isEmpty() && recentCreations.peekFirst() < now - creationWindowLength().toMillis()) {
            recentCreations.pollFirst();
        }
        if (recentCreations.size() >= creationLimit()) {
            refusedCreations++;
            // the window frees a place when its oldest creation leaves it
            long freeInMs = recentCreations.isEmpty() ? creationWindowLength().toMillis()
                    : recentCreations.peekFirst() + creationWindowLength().toMillis() - now;
            throw new WhapiError(429, "Too many requests", "at most " + creationLimit() + " channels per "
                    + creationWindowLength().toMinutes() + " minutes", Math.max(1, (freeInMs + 999) / 1000));
        }
        recentCreations.addLast(now);
        SimulatedChannel channel = new SimulatedChannel(newId(), random(ALPHANUMERIC, 32), name, phone, projectId, now,
                now + config.trialDays() * DAY_MS);
        channels.put(channel.id, channel);
        return channel.asWhapi(now);
    }

    public synchronized Map<String, Object> get(String id) {
        return find(id).asWhapi(clock.millis());
    }

    public synchronized Map<String, Object> list(int count, int offset) {
        long now = clock.millis();
        List<Map<String, Object>> page = channels.values().stream().skip(offset).limit(count).map(c -> c.asWhapi(now)).toList();
        return Map.of("channels", page, "count", page.size(), "total", channels.size(), "offset", offset);
    }

    /**
     * Moves days from the partner balance onto the channel. Refused while the channel's previous
     * extend is younger than the block, and when the balance lacks the days.
     */
    public synchronized long extend(String id, long days, String comment) {
        SimulatedChannel channel = find(id);
        long now = clock.millis();
        if (channel.lastExtendAt > 0 && now - channel.lastExtendAt < config.extendBlock().toMillis()) {
            throw new WhapiError(400, "Channel extension is temporarily blocked",
                    "the channel was extended less than " + config.extendBlock().toMinutes() + " minutes ago");
        }
        if (days > balanceDays) {
            throw new WhapiError(400, "Not enough days", "the partner balance has " + balanceDays + " days");
        }
        balanceDays -= days;
        channel.activeTill = Math.max(channel.activeTill, now) + days * DAY_MS;
        channel.lastExtendAt = now;
        channel.extensions.add(Map.of("days", days, "comment", comment, "at", now));
        return balanceDays;
    }

    public synchronized Map<String, Object> partnerSettings() {
        return Map.of("webhooks", partnerWebhooks, "days_limit", daysLimit);
    }

    /** WHAPI's PATCH: the fields given replace the ones kept. */
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> patchPartnerSettings(Map<String, Object> patch) {
        if (patch.get("webhooks") instanceof List<?> hooks) {
            partnerWebhooks = List.copyOf((List<Map<String, Object>>) hooks);
        }
        if (patch.get("days_limit") instanceof Number limit) {
            if (limit.longValue() < 0) {
                throw new WhapiError(400, "Bad request", "days_limit cannot be negative");
            }
            daysLimit = limit.longValue();
        }
        return partnerSettings();
    }

    public synchronized List<Map<String, Object>> partnerWebhooks() {
        return partnerWebhooks;
    }

    public synchronized long daysLimit() {
        return daysLimit;
    }

    public synchronized void changeMode(String id, String mode) {
        find(id).mode = mode;
    }

    /** Deletes the channel and returns its unused whole days to the partner balance. */
    public synchronized long delete(String id) {
        SimulatedChannel channel = find(id);
        long unused = Math.max(0, (channel.activeTill - clock.millis()) / DAY_MS);
        balanceDays += unused;
        channels.remove(id);
        return unused;
    }

    /**
     * Stops the channel (manager {@code POST /channels/{id}/stop}). With {@code saveDays} its unused
     * whole days go back to the partner balance and its activeTill becomes now, as PROVIDERS.md reads
     * WHAPI ("withdraws days from the stopped channel"); a repeat withdraws nothing more. The gate then
     * reports STOP. Returns whether it was running until now (its 'channel' webhook is due then).
     */
    public synchronized boolean stop(String id, boolean saveDays) {
        SimulatedChannel channel = find(id);
        long now = clock.millis();
        if (saveDays && channel.activeTill > now) {
            balanceDays += (channel.activeTill - now) / DAY_MS;
            channel.activeTill = now;
        }
        if (channel.stopped) {
            return false;
        }
        channel.stopped = true;
        channel.gateStatus = "STOP";
        return true;
    }

    /** Starts a stopped channel again: linked (AUTH) if a phone still is, else QR. A running channel is left as it is. Its status after. */
    public synchronized String start(String id) {
        SimulatedChannel channel = find(id);
        if (channel.stopped) {
            channel.stopped = false;
            channel.gateStatus = channel.linkedPhone != null ? "AUTH" : "QR";
        }
        return channel.gateStatus;
    }

    /**
     * A silent channel: its health still says AUTH, sends are accepted with an id, but no status and
     * no inbound message ever comes (the "connected but nothing flows" complaint), until it has been
     * restarted {@code restartsToRecover} times (Integer.MAX_VALUE: never).
     */
    public synchronized void silence(String id, int restartsToRecover) {
        find(id).silentFor = restartsToRecover;
    }

    public synchronized boolean isSilent(String id) {
        return find(id).silentFor > 0;
    }

    /**
     * An unresponsive channel: its last webhook said AUTH, but its worker answers nothing (a gate
     * health call gets WHAPI's 504) until it has been restarted {@code restartsToRecover} times
     * (Integer.MAX_VALUE: never).
     */
    public synchronized void makeUnresponsive(String id, int restartsToRecover) {
        find(id).unresponsiveFor = restartsToRecover;
    }

    public synchronized boolean isUnresponsive(String id) {
        return find(id).unresponsiveFor > 0;
    }

    // ---- gate (channel token) ----

    /** The id of the channel owning this token ("Bearer <token>", exactly one prefix), or a 401. */
    public synchronized String channelOfToken(String authorization) {
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        return channels.values().stream().filter(c -> c.token.equals(token)).map(c -> c.id).findFirst()
                .orElseThrow(() -> new WhapiError(401, "Unauthorized", "a valid channel token is required"));
    }

    public synchronized String gateStatus(String id) {
        return find(id).gateStatus;
    }

    /** Refuses QR and pairing code for a channel that is already linked (WHAPI's 409). */
    public synchronized void requireNotLinked(String id) {
        if ("AUTH".equals(find(id).gateStatus)) {
            throw new WhapiError(409, "Channel already authenticated", "log out first to link another phone");
        }
    }

    public synchronized long creationTs(String id) {
        return find(id).creationTs;
    }

    public synchronized List<Map<String, Object>> webhooks(String id) {
        return find(id).webhooks;
    }

    /** The channel's settings as GET /settings shows them: its callback settings and its webhooks. */
    public synchronized Map<String, Object> settings(String id) {
        SimulatedChannel channel = find(id);
        Map<String, Object> settings = new LinkedHashMap<>(channel.callbackSettings);
        settings.put("webhooks", channel.webhooks);
        return settings;
    }

    /** Applies the given callback settings (null values are left as they are); returns the names of those that changed. */
    public synchronized List<String> updateCallbackSettings(String id, Map<String, Object> given) {
        SimulatedChannel channel = find(id);
        List<String> changed = new ArrayList<>();
        given.forEach((name, value) -> {
            if (value != null && !value.equals(channel.callbackSettings.put(name, value))) {
                changed.add(name);
            }
        });
        return changed;
    }

    public synchronized List<Map<String, Object>> replaceWebhooks(String id, List<Map<String, Object>> webhooks) {
        SimulatedChannel channel = find(id);
        List<Map<String, Object>> before = channel.webhooks;
        channel.webhooks = List.copyOf(webhooks);
        return before;
    }

    /** The channel's health as WHAPI would report it (GET /health, the 'channel' webhook): returns its webhooks. */
    public synchronized List<Map<String, Object>> setHealth(String id, String status) {
        SimulatedChannel channel = find(id);
        channel.gateStatus = status;
        return channel.webhooks;
    }

    /** The channel hangs while starting (LAUNCH) until it has been restarted {@code restartsToRecover} times. */
    public synchronized List<Map<String, Object>> stick(String id, int restartsToRecover) {
        SimulatedChannel channel = find(id);
        channel.gateStatus = "LAUNCH";
        channel.stuckFor = restartsToRecover;
        return channel.webhooks;
    }

    /** A restart (manager API): counted; a stuck channel counts down and, at the last one, comes back (AUTH if linked). Its status after. */
    public synchronized String restart(String id) {
        SimulatedChannel channel = find(id);
        channel.restarts++;
        if (channel.silentFor > 0 && channel.silentFor != Integer.MAX_VALUE) {
            channel.silentFor--;
        }
        if (channel.unresponsiveFor > 0 && channel.unresponsiveFor != Integer.MAX_VALUE) {
            channel.unresponsiveFor--;
        }
        if (channel.stuckFor > 0 && --channel.stuckFor == 0) {
            channel.gateStatus = channel.linkedPhone != null ? "AUTH" : "QR";
        }
        return channel.gateStatus;
    }

    public synchronized Map<String, Object> restarts(String id) {
        SimulatedChannel channel = find(id);
        return Map.of("restarts", channel.restarts, "stuckFor", channel.stuckFor, "status", channel.gateStatus);
    }

    /** A phone scanned the QR (or entered the pairing code): the channel is AUTH. Returns its webhooks. */
    public synchronized List<Map<String, Object>> login(String id, String phone) {
        SimulatedChannel channel = find(id);
        channel.gateStatus = "AUTH";
        channel.linkedPhone = phone;
        return channel.webhooks;
    }

    public synchronized List<Map<String, Object>> logout(String id) {
        SimulatedChannel channel = find(id);
        channel.gateStatus = "QR";
        channel.linkedPhone = null;
        return channel.webhooks;
    }

    /** A linked channel's phone (the sender of what it sends), or a 409 as WHAPI answers an unlinked channel's send. */
    public synchronized String requireLinked(String id) {
        SimulatedChannel channel = find(id);
        if (!"AUTH".equals(channel.gateStatus)) {
            throw new WhapiError(409, "Channel not authorized", "link a phone first (QR or pairing code)");
        }
        return channel.linkedPhone;
    }

    public synchronized long balanceDays() {
        return balanceDays;
    }

    public synchronized void setBalanceDays(long days) {
        balanceDays = days;
    }

    /** What a test needs to see that did not leave through the API: every extend the channel got. */
    public synchronized List<Map<String, Object>> extensionsOf(String id) {
        return List.copyOf(find(id).extensions);
    }

    private Duration creationWindowLength() {
        return creationWindowOverride != null ? creationWindowOverride : config.creationWindow();
    }

    private int creationLimit() {
        return creationLimitOverride != null ? creationLimitOverride : config.creationLimit();
    }

    /**
     * A test starts a window of its own: WHAPI's real limit (20) while the suites around it run with
     * the limit lifted (null: the configured one), no creations counted, none refused.
     */
    public synchronized Map<String, Object> creationWindow(Integer limit, Duration length) {
        creationLimitOverride = limit;
        creationWindowOverride = length;
        recentCreations.clear();
        refusedCreations = 0;
        return creationWindow();
    }

    public synchronized Map<String, Object> creationWindow() {
        long now = clock.millis();
        long inWindow = recentCreations.stream().filter(at -> at >= now - creationWindowLength().toMillis()).count();
        return Map.of("limit", creationLimit(), "windowSeconds", creationWindowLength().toSeconds(), "inWindow", inWindow,
                "refused", refusedCreations);
    }

    /** Back to the start state: no channels, the initial balance, no rate-limit history. */
    public synchronized void reset() {
        channels.clear();
        recentCreations.clear();
        creationLimitOverride = null;
        creationWindowOverride = null;
        refusedCreations = 0;
        balanceDays = config.initialBalanceDays();
        partnerWebhooks = List.of();
        daysLimit = 7;
        clock = Clock.systemUTC();
    }

    /** Tests move time (e.g. past the extend block) instead of sleeping. */
    public synchronized void advance(Duration duration) {
        clock = Clock.offset(clock, duration);
    }

    /**
     * Back to real time, keeping the channels: a test that moved the clock leaves it as it found it, so
     * the next one's days are counted by WHAPI and by the service from the same "now". What happened in
     * the moved time is taken as having happened now (a creation still fills the window, an extend still
     * blocks the next one), never as happening in the future.
     */
    public synchronized void backToRealTime() {
        clock = Clock.systemUTC();
        long now = clock.millis();
        List<Long> creations = recentCreations.stream().map(at -> Math.min(at, now)).toList();
        recentCreations.clear();
        recentCreations.addAll(creations);
        channels.values().forEach(channel -> channel.lastExtendAt = Math.min(channel.lastExtendAt, now));
    }

    private SimulatedChannel find(String id) {
        SimulatedChannel channel = channels.get(id);
        if (channel == null) {
            throw new WhapiError(404, "Channel not found", "no channel " + id);
        }
        return channel;
    }

    /** WHAPI's id shape: six capitals, a dash, five capitals or digits. */
    private String newId() {
        String id;
        do {
            id = random(LETTERS, 6) + "-" + random(ALPHANUMERIC, 5);
        } while (channels.containsKey(id));
        return id;
    }

    private String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
