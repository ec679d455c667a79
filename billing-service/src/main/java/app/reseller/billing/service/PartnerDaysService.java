package app.reseller.billing.service;

import app.reseller.billing.PartnerDays;
import app.reseller.billing.PartnerDays.LastReport;
import app.reseller.billing.config.BillingConfig;
import app.reseller.billing.repository.PartnerDaysRepository;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.events.contract.BillingEvents.PartnerDaysLow;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * WHAPI's partner webhook: a report of the partner's remaining days, sent when they fall below the
 * partner's days_limit. Authenticated by the secret in its URL; stored raw, with the event it
 * raises, in one transaction before WHAPI is answered.
 */
@ApplicationScoped
public class PartnerDaysService {

    private static final Logger LOG = Logger.getLogger(PartnerDaysService.class);

    /** What became of a report: stored (false: the same body was already received today) and the days read from it. */
    public record Received(boolean stored, Long days) {
    }

    private final PartnerDaysRepository reports;
    private final BillingEventsOutbox events;
    private final BillingConfig config;
    private final Clock clock;

    public PartnerDaysService(PartnerDaysRepository reports, BillingEventsOutbox events, BillingConfig config, Clock clock) {
        this.reports = reports;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** Refuses (as an unknown webhook: nothing tells a prober it guessed the path) a secret that is not ours. */
    public void authenticate(String secret) {
        byte[] expected = config.whapiPartnerWebhook().secret().filter(s -> !s.isBlank())
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (expected == null || secret == null || !MessageDigest.isEqual(expected, secret.getBytes(StandardCharsets.UTF_8))) {
            throw new NotFound("Webhook", "whapi-partner");
        }
    }

    @WithTransaction
    public Uni<Received> receive(String body) {
        String raw = body == null ? "" : body;
        OptionalLong days = PartnerDays.parse(raw);
        Long parsed = days.isPresent() ? days.getAsLong() : null;
        return reports.store(clock.instant(), raw, sha256(raw), parsed).chain(id -> {
            if (id == null) {
                return Uni.createFrom().item(new Received(false, parsed));
            }
            if (parsed == null) {
                LOG.warnf("WHAPI partner report %d names no day count: stored as it came (%d characters)", id, raw.length());
                return Uni.createFrom().item(new Received(true, null));
            }
            LOG.infof("WHAPI reports %d days left on the partner balance (report %d)", parsed, id);
            return events.append(new PartnerDaysLow(parsed, id)).replaceWith(new Received(true, parsed));
        });
    }

    @WithSession
    public Uni<LastReport> last() {
        return reports.last();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
