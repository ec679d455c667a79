package app.reseller.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The operators' view of the days (issue 25): who holds them, what was spent lately, and the
 * forecast. {@code partnerDays} is WHAPI's own figure for the partner, as last reported (absent
 * until it is).
 */
public record DaysOverview(Instant asOf, Customers customers, long poolDays, long customerDays, long reservedDays, Spent spent,
                           Forecast forecast, PartnerDays.LastReport partnerDays) {

    /** Customers known to billing: anyone with a subscription, a setting, a day account or a channel. */
    public record Customers(long total, long withActivePlan, long automatic) {
    }

    /** Days confirmed on channels (WHAPI extended them) on one UTC day. */
    public record DaySpent(LocalDate date, long days) {
    }

    /** Days confirmed on channels over the last 7 and 30 days (today included), and per day over the 30. */
    public record Spent(long last7Days, long last30Days, List<DaySpent> perDay) {

        public static Spent of(List<DaySpent> last30) {
            long week = last30.subList(Math.max(0, last30.size() - 7), last30.size()).stream().mapToLong(DaySpent::days).sum();
            return new Spent(week, last30.stream().mapToLong(DaySpent::days).sum(), last30);
        }
    }
}
