package app.reseller.billing.service;

import app.reseller.billing.config.BillingConfig;
import app.reseller.billing.repository.LedgerAuditRepository;
import app.reseller.billing.repository.LedgerAuditRepository.Finding;
import app.reseller.platform.events.JobLease;
import app.reseller.platform.events.WaitedForAtShutdown;
import app.reseller.platform.events.audit.AuditReport;
import app.reseller.platform.events.audit.AuditViolations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/**
 * The ledger's invariants, checked in production (one runner across replicas, and on demand by an
 * admin): days only enter or leave through TOP_UP and ADJUST; no account but EXTERNAL below zero;
 * every cached balance equals its transfers; no channel refunded more than was confirmed paid on
 * it; at most one open reservation per channel; no reservation open too long. Findings are
 * exported as {@code ledger_audit_violations{rule}} and logged once each with what to look at.
 */
@ApplicationScoped
public class LedgerAuditor {

    private static final Logger LOG = Logger.getLogger(LedgerAuditor.class);

    public static final String DAYS_CONSERVED = "days-conserved";
    public static final String ONLY_TOP_UP_AND_ADJUST_TOUCH_EXTERNAL = "only-top-up-and-adjust-touch-external";
    public static final String NO_NEGATIVE_BALANCE = "no-negative-balance";
    public static final String CACHED_BALANCE_MATCHES_TRANSFERS = "cached-balance-matches-transfers";
    public static final String REFUND_AT_MOST_CONFIRMED_PAID = "refund-at-most-confirmed-paid";
    public static final String ONE_OPEN_RESERVATION_PER_CHANNEL = "one-open-reservation-per-channel";
    public static final String NO_STALE_RESERVATION = "no-stale-reservation";

    private final LedgerAuditRepository audit;
    private final AuditViolations violations;
    private final JobLease leases;
    private final BillingConfig config;
    private final Clock clock;

    public LedgerAuditor(LedgerAuditRepository audit, AuditViolations violations, JobLease leases, BillingConfig config,
                         Clock clock) {
        this.audit = audit;
        this.violations = violations;
        this.leases = leases;
        this.config = config;
        this.clock = clock;
    }

    @WaitedForAtShutdown
    @Scheduled(every = "{billing.audit.every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return leases.runIfHeld("ledger-auditor", config.audit().every().multipliedBy(2), this::audit)
                .onFailure().invoke(e -> LOG.warnf("ledger audit failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<AuditReport> audit() {
        AuditReport.Builder report = AuditReport.builder(clock.instant());
        return Panache.withSession(() -> audit.daysInTheSystem()
                        .invoke(total -> report.rule(DAYS_CONSERVED).violations(DAYS_CONSERVED, total.expected() == total.actual()
                                ? List.of()
                                : List.of("the accounts hold " + total.actual() + " days but TOP_UP and ADJUST brought in "
                                + total.expected() + ": look for a transfer that touched EXTERNAL or a balance changed by hand")))
                        .chain(audit::externalTouchedByOtherKinds)
                        .invoke(found -> report.violations(ONLY_TOP_UP_AND_ADJUST_TOUCH_EXTERNAL, describe(found,
                                f -> f.subject() + " moved " + f.actual() + " days from or to EXTERNAL")))
                        .chain(audit::negativeBalances)
                        .invoke(found -> report.violations(NO_NEGATIVE_BALANCE, describe(found,
                                f -> "account " + f.subject() + " holds " + f.actual() + " days")))
                        .chain(audit::cachedBalanceMismatches)
                        .invoke(found -> report.violations(CACHED_BALANCE_MATCHES_TRANSFERS, describe(found,
                                f -> "account " + f.subject() + " caches " + f.actual() + " days, its transfers add up to "
                                        + f.expected() + ": compare the account row with its transfers")))
                        .chain(audit::refundsOverPaid)
                        .invoke(found -> report.violations(REFUND_AT_MOST_CONFIRMED_PAID, describe(found,
                                f -> "channel " + f.subject() + " was refunded " + f.actual() + " days, " + f.expected()
                                        + " were confirmed paid: look at its REFUND transfers and ChannelDeleted events")))
                        .chain(audit::channelsWithSeveralOpenReservations)
                        .invoke(found -> report.violations(ONE_OPEN_RESERVATION_PER_CHANNEL, describe(found,
                                f -> "channel " + f.subject() + " has " + f.actual() + " open reservations")))
                        .chain(() -> audit.reservationsOpenSince(clock.instant().minus(config.audit().maxReservationAge())))
                        .invoke(found -> report.violations(NO_STALE_RESERVATION, describe(found,
                                f -> f.subject() + " (" + f.expected() + " days) has been RESERVED for " + f.actual()
                                        + " s: is channel-service consuming, is its extension executor running, is there a DLQ?"))))
                .map(ignored -> report.build())
                .invoke(built -> violations.publish("ledger", built));
    }

    private static List<String> describe(List<Finding> found, java.util.function.Function<Finding, String> sentence) {
        return found.stream().map(sentence).toList();
    }
}
