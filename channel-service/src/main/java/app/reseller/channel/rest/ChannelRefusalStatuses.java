package app.reseller.channel.rest;

import app.reseller.channel.ChannelRefusal;
import app.reseller.platform.domain.Refusal;
import app.reseller.platform.web.RefusalStatuses;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The HTTP status of each of channel-service's refusals. */
@ApplicationScoped
public class ChannelRefusalStatuses implements RefusalStatuses {

    @Override
    public Class<? extends Refusal> family() {
        return ChannelRefusal.class;
    }

    @Override
    public Map<Class<? extends Refusal>, Integer> statuses() {
        return Map.ofEntries(
                Map.entry(ChannelRefusal.NoActivePlan.class, 409),
                Map.entry(ChannelRefusal.ChannelLimitReached.class, 409),
                Map.entry(ChannelRefusal.InsufficientBalance.class, 409),
                Map.entry(ChannelRefusal.ChannelNotReady.class, 409),
                Map.entry(ChannelRefusal.DeletionInProgress.class, 503),
                Map.entry(ChannelRefusal.Restarting.class, 503),
                Map.entry(ChannelRefusal.PauseInProgress.class, 503),
                Map.entry(ChannelRefusal.Paused.class, 409),
                Map.entry(ChannelRefusal.ChannelExpired.class, 409),
                Map.entry(ChannelRefusal.ChannelNotLinked.class, 409),
                Map.entry(ChannelRefusal.TrialMessageLimitReached.class, 409),
                Map.entry(ChannelRefusal.TrialChatLimitReached.class, 409),
                Map.entry(ChannelRefusal.CreationInProgress.class, 409),
                Map.entry(ChannelRefusal.SendInProgress.class, 409),
                Map.entry(ChannelRefusal.MessageRefused.class, 422),
                Map.entry(ChannelRefusal.MessageOutcomeUnknown.class, 504),
                Map.entry(ChannelRefusal.WebhookNotAuthentic.class, 401),
                Map.entry(ChannelRefusal.NotAWebhook.class, 400),
                Map.entry(ChannelRefusal.WhapiNotConfigured.class, 503),
                Map.entry(ChannelRefusal.TooManyChannelsForAJob.class, 422));
    }
}
