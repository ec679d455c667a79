package app.reseller.channel.service;

import app.reseller.platform.web.ProblemException;

/** The refusals of channel creation, worded for the frontend to show as they are. */
final class ChannelRefusals {

    private ChannelRefusals() {
    }

    static ProblemException noActivePlan() {
        return ProblemException.conflict("no-active-plan", "No active plan",
                "channels need an active subscription; subscribe to a plan, or wait until the payment is confirmed");
    }

    static ProblemException channelLimitReached(int maxChannels) {
        return ProblemException.conflict("channel-limit-reached", "Channel limit reached",
                "the plan allows " + maxChannels + " channel(s); delete one or move to a bigger plan")
                .with("maxChannels", maxChannels);
    }

    static ProblemException insufficientBalance(long balanceDays, long minimumDays) {
        return ProblemException.conflict("insufficient-balance", "Insufficient balance",
                "a new channel needs at least " + minimumDays + " day(s) of balance; you have " + balanceDays)
                .with("balanceDays", balanceDays).with("minimumDays", minimumDays);
    }

    static ProblemException notReady(String state) {
        return ProblemException.conflict("channel-not-ready", "The channel is not ready",
                "the channel is " + state.toLowerCase() + "; try again in a moment");
    }

    static ProblemException deletionInProgress() {
        return ProblemException.unavailable(503, "channel-deletion-in-progress", "The channel is being deleted",
                "an extension of the channel is being settled with WHAPI first; repeat the delete in a moment", 5);
    }

    static ProblemException restarting(long seconds) {
        return ProblemException.unavailable(503, "channel-restarting", "The channel is restarting",
                "WHAPI restarts a channel after it goes live; try again shortly", Math.max(1, seconds));
    }
}
