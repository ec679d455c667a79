package app.reseller.channel.service;

import app.reseller.channel.ChannelRefusal;

import java.time.Duration;

/** The refusals of channel creation, worded for the frontend to show as they are. */
final class ChannelRefusals {

    private ChannelRefusals() {
    }

    static ChannelRefusal noActivePlan() {
        return new ChannelRefusal.NoActivePlan();
    }

    static ChannelRefusal channelLimitReached(int maxChannels) {
        return new ChannelRefusal.ChannelLimitReached(maxChannels);
    }

    static ChannelRefusal insufficientBalance(long balanceDays, long minimumDays, long waitingChannels) {
        return new ChannelRefusal.InsufficientBalance(balanceDays, minimumDays, waitingChannels);
    }

    static ChannelRefusal notReady(String state) {
        return new ChannelRefusal.ChannelNotReady(state);
    }

    static ChannelRefusal deletionInProgress() {
        return new ChannelRefusal.DeletionInProgress();
    }

    static ChannelRefusal pauseInProgress() {
        return pauseInProgress(Duration.ofSeconds(5));
    }

    static ChannelRefusal pauseInProgress(Duration retryAfter) {
        return new ChannelRefusal.PauseInProgress(retryAfter);
    }

    static ChannelRefusal tooManyChannelsForAJob(int maxChannels) {
        return new ChannelRefusal.TooManyChannelsForAJob(maxChannels);
    }

    static ChannelRefusal paused() {
        return new ChannelRefusal.Paused();
    }

    static ChannelRefusal restarting(long seconds) {
        return new ChannelRefusal.Restarting(seconds);
    }
}
