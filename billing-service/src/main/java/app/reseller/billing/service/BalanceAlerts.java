package app.reseller.billing.service;

import app.reseller.platform.events.contract.BillingEvents.BalanceDepleted;
import app.reseller.platform.events.contract.BillingEvents.BalanceLow;
import app.reseller.platform.events.contract.BillingEvents.BillingEvent;
import app.reseller.platform.events.contract.BillingEvents.PoolLow;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which alerts a debit raises. A threshold is crossed by the one debit that takes the balance from
 * at or above it to below it: debits of one account are applied one at a time under its row lock,
 * each with the exact balance before and after, so racing spenders raise each alert once, and an
 * alert is armed again only by a credit that lifts the balance back above its threshold.
 */
final class BalanceAlerts {

    private BalanceAlerts() {
    }

    static List<BillingEvent> afterCustomerDebit(String customerId, long transferId, long balanceAfter, long days, List<Long> thresholds) {
        List<BillingEvent> alerts = new ArrayList<>(2);
        lowestCrossed(balanceAfter, days, thresholds).ifPresent(t -> alerts.add(new BalanceLow(customerId, balanceAfter, t)));
        if (balanceAfter == 0 && days > 0) {
            alerts.add(new BalanceDepleted(customerId, transferId));
        }
        return alerts;
    }

    static List<BillingEvent> afterPoolDebit(long poolAfter, long days, List<Long> thresholds) {
        OptionalLong crossed = lowestCrossed(poolAfter, days, thresholds);
        return crossed.isPresent() ? List.of(new PoolLow(poolAfter, crossed.getAsLong())) : List.of();
    }

    /** The lowest threshold the balance was at or above before the debit and is below after it. */
    static OptionalLong lowestCrossed(long after, long days, List<Long> thresholds) {
        long before = after + days;
        return thresholds.stream().mapToLong(Long::longValue).filter(t -> before >= t && after < t).min();
    }
}
