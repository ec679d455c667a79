package app.reseller.messaging.service;

import app.reseller.messaging.client.Wappin;
import app.reseller.messaging.client.WappinAnswer;
import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.service.WappinSettingsService.Credentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Wappin's access token, cached until shortly before its expired_datetime. However many calls wait
 * for a token, exactly one token request is in flight: they all share it. A call rejected with 401
 * asks for a refresh of the token it used; if another call already replaced that token, it gets the
 * new one without a second request.
 */
@ApplicationScoped
public class WappinTokens {

    private static final Logger LOG = Logger.getLogger(WappinTokens.class);
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private record Cached(String bearer, Instant refreshAt, String version) {
    }

    private final Wappin wappin;
    private final MessagingConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;
    private Cached cached;
    private Uni<String> inFlight;

    public WappinTokens(Wappin wappin, MessagingConfig config, MeterRegistry metrics, Clock clock) {
        this.clock = clock;
        this.wappin = wappin;
        this.config = config;
        this.metrics = metrics;
    }

    /** "Bearer <access token>" for these credentials, from the cache when it is still good. */
    public synchronized Uni<String> bearer(Credentials credentials) {
        if (cached != null && cached.version().equals(credentials.version()) && clock.instant().isBefore(cached.refreshAt())) {
            return Uni.createFrom().item(cached.bearer());
        }
        return refresh(credentials);
    }

    /** The token {@code rejected} was refused (401): a new one, shared with every other call that saw the same. */
    public synchronized Uni<String> replace(Credentials credentials, String rejected) {
        if (cached != null && cached.bearer().equals(rejected)) {
            cached = null;
        }
        return bearer(credentials);
    }

    /**
     * The shared refresh, delivered to each waiting call on that call's own Vert.x context. Without
     * the hop, every waiter would resume on the context of the call that made the request and share
     * its database session, which is not thread-safe.
     */
    private Uni<String> refresh(Credentials credentials) {
        Uni<String> shared = sharedRefresh(credentials);
        return Uni.createFrom().deferred(() -> {
            io.vertx.core.Context own = io.vertx.core.Vertx.currentContext();
            return own == null ? shared : shared.emitOn(task -> own.runOnContext(ignored -> task.run()));
        });
    }

    private Uni<String> sharedRefresh(Credentials credentials) {
        if (inFlight == null) {
            metrics.counter("wappin.token.requests").increment();
            inFlight = wappin.token(basic(credentials))
                    .map(answer -> store(answer, credentials.version()))
                    .onTermination().invoke(() -> {
                        synchronized (this) {
                            inFlight = null;
                        }
                    })
                    .memoize().indefinitely();
        }
        return inFlight;
    }

    private synchronized String store(WappinAnswer answer, String version) {
        String token = answer.data().path("access_token").asText(null);
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("Wappin's token answer carries no access_token");
        }
        Instant expires = expiry(answer.data().path("expired_datetime").asText(null));
        cached = new Cached("Bearer " + token, expires.minus(config.wappin().refreshMargin()), version);
        LOG.infof("new Wappin access token, valid until %s", expires);
        return cached.bearer();
    }

    /** Wappin's "yyyy-MM-dd HH:mm:ss" in its own time zone; documented as 24 h, but the date is trusted. */
    Instant expiry(String expiredDatetime) {
        try {
            return LocalDateTime.parse(expiredDatetime, EXPIRY).atZone(ZoneId.of(config.wappin().timeZone())).toInstant();
        } catch (DateTimeParseException | NullPointerException unreadable) {
            LOG.warnf("Wappin's expired_datetime '%s' is unreadable; assuming the documented 24 hours", expiredDatetime);
            return clock.instant().plusSeconds(24 * 3600);
        }
    }

    static String basic(Credentials credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (credentials.clientId() + ":" + credentials.secretKey()).getBytes(StandardCharsets.UTF_8));
    }
}
