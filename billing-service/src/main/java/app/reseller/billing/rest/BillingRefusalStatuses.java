package app.reseller.billing.rest;

import app.reseller.billing.BillingRefusal;
import app.reseller.platform.domain.Refusal;
import app.reseller.platform.web.RefusalStatuses;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The HTTP status of each of billing's refusals. */
@ApplicationScoped
public class BillingRefusalStatuses implements RefusalStatuses {

    @Override
    public Class<? extends Refusal> family() {
        return BillingRefusal.class;
    }

    @Override
    public Map<Class<? extends Refusal>, Integer> statuses() {
        return Map.of(
                BillingRefusal.InsufficientBalance.class, 409,
                BillingRefusal.ExtensionInProgress.class, 409,
                BillingRefusal.ChannelNotYetKnown.class, 409, // retryable: Retry-After says when
                BillingRefusal.PlanNameTaken.class, 409,
                BillingRefusal.PlanRetired.class, 409,
                BillingRefusal.SubscriptionExists.class, 409,
                BillingRefusal.IllegalTransition.class, 409,
                BillingRefusal.ApiKeyLimitReached.class, 409,
                BillingRefusal.NotHoldable.class, 409,
                BillingRefusal.TooManyChannels.class, 422);
    }
}
