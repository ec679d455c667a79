package app.reseller.billing;

import app.reseller.billing.Forecast.Demand;
import app.reseller.billing.Forecast.Horizons;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The forecast's arithmetic on hand-computed scenarios (docs/operators.md, "Runway and forecasts"). */
class ForecastTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    /**
     * The worked example: a pool of 900 days; 25 LIVE channels of AUTOMATIC customers with empty
     * balances, each extended 30 days when its end date comes, end dates spread evenly over a month.
     * Each renews once within 30 days and twice within 60; within 7 days, the 6 whose end dates
     * fall in the first 7 days (days 0, 1.2, 2.4, ... 6.0 of a 30-day spread of 25).
     */
    @Test
    void theWorkedExample() {
        Demand fleet = new Demand("c-1", AllocationMode.AUTOMATIC, 0, 25, 6, new Horizons(6 * 30, 25 * 30, 25 * 60));
        Forecast f = Forecast.of(NOW, 900, List.of(fleet));
        assertEquals(25.0, f.expectedDailySpendDays());
        assertEquals(36.0, f.poolRunwayDays());
        assertEquals(new Horizons(0, 0, 600), f.buy(), "1,500 - 900 = 600 within 60 days; the pool covers 7 and 30");
        assertEquals(6, f.renewalsDueIn7Days());
    }

    /** A customer's own balance is spent first; a MANUAL customer's renewals are the operator's, never the pool's. */
    @Test
    void customersBalancesComeFirstAndManualCustomersAreNotForecastForThePool() {
        Demand rich = new Demand("rich", AllocationMode.AUTOMATIC, 1_000, 10, 2, new Horizons(60, 300, 600));
        Demand short_ = new Demand("short", AllocationMode.AUTOMATIC, 100, 10, 3, new Horizons(90, 300, 600));
        Demand manual = new Demand("manual", AllocationMode.MANUAL, 0, 50, 20, new Horizons(600, 1500, 3000));
        Forecast f = Forecast.of(NOW, 150, List.of(rich, short_, manual));
        // from the pool: 7d max(0, 60-1000) + max(0, 90-100) = 0; 30d 0 + 200 = 200; 60d 0 + 500 = 500
        assertEquals(new Horizons(0, 50, 350), f.buy());
        assertEquals(6.6, f.expectedDailySpendDays(), "200 / 30 = 6.66..., rounded down");
        assertEquals(22.5, f.poolRunwayDays(), "150 / 6.666... = 22.5");
        assertEquals(5, f.renewalsDueIn7Days(), "the AUTOMATIC customers' only");
        assertEquals(100.0, rich.runwayDays(), "1,000 days at 300 per 30 days");
        assertEquals(10.0, short_.runwayDays());
        assertEquals(0.0, manual.runwayDays(), "an empty balance lasts no day, whoever extends");
    }

    @Test
    void nothingToSpendHasNoRunwayAndNothingToBuy() {
        Forecast f = Forecast.of(NOW, 0, List.of(new Demand("idle", AllocationMode.AUTOMATIC, 5, 0, 0, new Horizons(0, 0, 0))));
        assertNull(f.poolRunwayDays());
        assertEquals(0.0, f.expectedDailySpendDays());
        assertEquals(new Horizons(0, 0, 0), f.buy());
        assertNull(new Demand("idle", AllocationMode.AUTOMATIC, 5, 0, 0, new Horizons(0, 0, 0)).runwayDays());
    }
}
