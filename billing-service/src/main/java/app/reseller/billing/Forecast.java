package app.reseller.billing;

import java.time.Instant;
import java.util.List;

/**
 * How long the days last, and how many the partner must buy from WHAPI (docs/operators.md, "Runway
 * and forecasts", with a worked example). Only renewals the platform makes by itself are forecast:
 * the live channels of AUTOMATIC customers on an ACTIVE plan, each extended by its plan's extension
 * days when its end date comes within the auto top-up's lead time. A customer's own balance is
 * spent first; the pool gives the rest.
 *
 * @param poolDays               the pool now
 * @param expectedDailySpendDays what the pool is expected to give per day: {@code fromPool(30) / 30}
 * @param poolRunwayDays         {@code poolDays / expectedDailySpendDays}; null when nothing is expected to be spent
 * @param renewalsDueIn7Days     AUTOMATIC channels whose renewal falls within 7 days
 * @param buy                    the days to buy from WHAPI to cover every renewal within 7, 30 and 60 days
 */
public record Forecast(Instant asOf, long poolDays, double expectedDailySpendDays, Double poolRunwayDays, long renewalsDueIn7Days,
                       Horizons buy) {

    /** The same figure over the next 7, 30 and 60 days. */
    public record Horizons(long next7Days, long next30Days, long next60Days) {
    }

    /**
     * One customer's renewals: its live channels on its ACTIVE plan, and the days their renewals
     * take within 7, 30 and 60 days ({@code days}).
     */
    public record Demand(String customerId, AllocationMode mode, long balanceDays, long channels, long renewalsDueIn7Days,
                         Horizons days) {

        /** What the pool must give this customer over a horizon: its renewals less its own balance (MANUAL: nothing). */
        long fromPool(long renewalDays) {
            return mode == AllocationMode.AUTOMATIC ? Math.max(0, renewalDays - balanceDays) : 0;
        }

        /** Days its balance lasts at its renewals' average daily spend over 30 days; null when nothing is spent. */
        public Double runwayDays() {
            return days.next30Days() == 0 ? null : tenths(balanceDays * 30.0 / days.next30Days());
        }
    }

    public static Forecast of(Instant asOf, long poolDays, List<Demand> demands) {
        long pool7 = 0;
        long pool30 = 0;
        long pool60 = 0;
        long due7 = 0;
        for (Demand d : demands) {
            pool7 += d.fromPool(d.days().next7Days());
            pool30 += d.fromPool(d.days().next30Days());
            pool60 += d.fromPool(d.days().next60Days());
            due7 += d.mode() == AllocationMode.AUTOMATIC ? d.renewalsDueIn7Days() : 0;
        }
        double daily = pool30 / 30.0;
        return new Forecast(asOf, poolDays, tenths(daily), daily == 0 ? null : tenths(poolDays / daily), due7,
                new Horizons(Math.max(0, pool7 - poolDays), Math.max(0, pool30 - poolDays), Math.max(0, pool60 - poolDays)));
    }

    /** Rounded down to a tenth: a runway is never shown longer than it is. */
    static double tenths(double value) {
        return Math.floor(value * 10) / 10;
    }
}
