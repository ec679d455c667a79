package app.reseller.billing.service;

import app.reseller.billing.DaysOverview;
import app.reseller.billing.DaysOverview.Spent;
import app.reseller.billing.Forecast;
import app.reseller.billing.Forecast.Demand;
import app.reseller.billing.config.BillingConfig;
import app.reseller.billing.repository.DaysOverviewRepository;
import app.reseller.billing.repository.LedgerRepository;
import app.reseller.billing.repository.PartnerDaysRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/** The operators' days overview and forecast, and one customer's runway (docs/operators.md). */
@ApplicationScoped
public class DaysOverviewService {

    private final DaysOverviewRepository overview;
    private final LedgerRepository ledger;
    private final PartnerDaysRepository partnerDays;
    private final BillingConfig config;
    private final Clock clock;

    public DaysOverviewService(DaysOverviewRepository overview, LedgerRepository ledger, PartnerDaysRepository partnerDays,
                               BillingConfig config, Clock clock) {
        this.overview = overview;
        this.ledger = ledger;
        this.partnerDays = partnerDays;
        this.config = config;
        this.clock = clock;
    }

    @WithSession
    public Uni<DaysOverview> overview() {
        Instant now = clock.instant();
        return ledger.totals().chain(totals -> partnerDays.last().chain(partner -> Uni.combine().all().unis(
                        overview.customers(), overview.spentPerDay(now, 30), overview.demands(now, config.autoTopUp().leadTime(), null))
                .with((customers, spent, demands) -> new DaysOverview(now, customers, totals.pool(), totals.customers(),
                        totals.reserved(), Spent.of(spent), Forecast.of(now, totals.pool(), demands), partner))));
    }

    /** The customer's renewals and how long its balance lasts; no renewal: its balance and no runway. */
    public Uni<Demand> demandOf(String customerId) {
        return overview.demands(clock.instant(), config.autoTopUp().leadTime(), customerId)
                .chain(found -> found.isEmpty() ? overview.idle(customerId) : Uni.createFrom().item(found.get(0)));
    }
}
