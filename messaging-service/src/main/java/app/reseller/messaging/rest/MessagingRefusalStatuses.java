package app.reseller.messaging.rest;

import app.reseller.messaging.MessagingRefusal;
import app.reseller.platform.domain.Refusal;
import app.reseller.platform.web.RefusalStatuses;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The HTTP status of each of messaging-service's refusals. */
@ApplicationScoped
public class MessagingRefusalStatuses implements RefusalStatuses {

    @Override
    public Class<? extends Refusal> family() {
        return MessagingRefusal.class;
    }

    @Override
    public Map<Class<? extends Refusal>, Integer> statuses() {
        return Map.of(
                MessagingRefusal.CallbackNotAuthentic.class, 401,
                MessagingRefusal.InvalidCallback.class, 400,
                MessagingRefusal.WebhookUrlRefused.class, 422,
                MessagingRefusal.WebhookEndpointLimit.class, 409,
                MessagingRefusal.InvalidReplayRange.class, 400,
                MessagingRefusal.SendInProgress.class, 409,
                MessagingRefusal.MediaTooLarge.class, 413,
                MessagingRefusal.NoWappinId.class, 409,
                MessagingRefusal.WappinNotConfigured.class, 503);
    }
}
