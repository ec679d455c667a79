package app.reseller.channel;

import app.reseller.platform.domain.Refusal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What channel-service refuses, worded for the frontend to show as it is. Services throw these;
 * {@code rest/ChannelRefusalStatuses} says which HTTP status each answers.
 */
public abstract sealed class ChannelRefusal extends Refusal {

    private ChannelRefusal(String type, String title, String detail) {
        super(type, title, detail);
    }

    public static final class NoActivePlan extends ChannelRefusal {
        public NoActivePlan() {
            super("no-active-plan", "No active plan",
                    "channels need an active subscription; subscribe to a plan, or wait until the payment is confirmed");
        }
    }

    public static final class ChannelLimitReached extends ChannelRefusal {
        public ChannelLimitReached(int maxChannels) {
            super("channel-limit-reached", "Channel limit reached",
                    "the plan allows " + maxChannels + " channel(s); delete one or move to a bigger plan");
            fact("maxChannels", maxChannels);
        }
    }

    /** A new channel needs a minimum balance of days (the creation policy, docs/channels.md). */
    public static final class InsufficientBalance extends ChannelRefusal {
        /** waitingChannels: channels still waiting to be created, each needing the minimum too. */
        public InsufficientBalance(long balanceDays, long minimumDays, long waitingChannels) {
            super("insufficient-balance", "Insufficient balance",
                    "a new channel needs at least " + minimumDays + " day(s) of balance"
                            + (waitingChannels == 0 ? "" : ", and each of the " + waitingChannels
                            + " channel(s) waiting to be created needs as many") + "; you have " + balanceDays + ": "
                            + missing(balanceDays, minimumDays, waitingChannels) + " day(s) missing");
            fact("balanceDays", balanceDays);
            fact("minimumDays", minimumDays);
            fact("waitingChannels", waitingChannels);
            fact("missingDays", missing(balanceDays, minimumDays, waitingChannels));
        }

        private static long missing(long balanceDays, long minimumDays, long waitingChannels) {
            return Math.max(0, minimumDays * (waitingChannels + 1) - balanceDays);
        }
    }

    /** The channel is being created, deleted, or otherwise not usable yet. */
    public static final class ChannelNotReady extends ChannelRefusal {
        private final String state;

        public ChannelNotReady(String state) {
            super("channel-not-ready", "The channel is not ready", "the channel is " + state.toLowerCase() + "; try again in a moment");
            this.state = state;
        }

        /** The channel is on its way to another state (being created, paused or deleted): the same request may pass soon. */
        public boolean passing() {
            return java.util.Set.of("QUEUED", "CREATING", "PAUSING", "DELETING").contains(state);
        }
    }

    /** A delete waits until an extension of the channel is settled with WHAPI. */
    public static final class DeletionInProgress extends ChannelRefusal {
        public DeletionInProgress() {
            super("channel-deletion-in-progress", "The channel is being deleted",
                    "an extension of the channel is being settled with WHAPI first; repeat the delete in a moment");
            retryAfter(Duration.ofSeconds(5));
        }
    }

    /** A pause waits until an extension of the channel is settled with WHAPI. */
    public static final class PauseInProgress extends ChannelRefusal {
        public PauseInProgress(Duration retryAfter) {
            super("channel-pause-in-progress", "The channel is being paused",
                    "an extension of the channel is being settled with WHAPI first; repeat the pause in a moment");
            retryAfter(retryAfter);
        }
    }

    /** A paused channel is stopped at WHAPI: it sends nothing until it is resumed. */
    public static final class Paused extends ChannelRefusal {
        public Paused() {
            super("channel-paused", "The channel is paused", "the channel is stopped at WHAPI with its days saved; resume it to send");
        }
    }

    /** WHAPI restarts a channel after it goes live; it sends again once the restart is over. */
    public static final class Restarting extends ChannelRefusal {
        public Restarting(long seconds) {
            super("channel-restarting", "The channel is restarting", "WHAPI restarts a channel after it goes live; try again shortly");
            retryAfter(Duration.ofSeconds(Math.max(1, seconds)));
        }
    }

    public static final class ChannelExpired extends ChannelRefusal {
        public ChannelExpired(Instant activeTill) {
            super("channel-expired", "The channel has expired",
                    "its days ran out at " + activeTill + "; it sends again once it is extended");
        }
    }

    public static final class ChannelNotLinked extends ChannelRefusal {
        public ChannelNotLinked(String linkStatus) {
            super("channel-not-linked", "No phone is linked to the channel",
                    "link WhatsApp first (QR code or pairing code); the channel is " + linkStatus);
        }
    }

    /** WHAPI's daily message limit of a TRIAL channel. */
    public static final class TrialMessageLimitReached extends ChannelRefusal {
        public TrialMessageLimitReached(int limit) {
            super("trial-message-limit-reached", "The trial's daily message limit is reached",
                    "a TRIAL channel sends at most " + limit + " messages a day (WHAPI's limit);"
                            + " it sends again tomorrow (UTC), or without limit once it is extended");
            fact("limit", limit);
        }
    }

    /** WHAPI's monthly chat limit of a TRIAL channel. */
    public static final class TrialChatLimitReached extends ChannelRefusal {
        public TrialChatLimitReached(int limit) {
            super("trial-chat-limit-reached", "The trial's monthly chat limit is reached",
                    "a TRIAL channel writes to at most " + limit + " chats a month (WHAPI's limit);"
                            + " write to a chat of this month, or extend the channel");
            fact("limit", limit);
        }
    }

    /** A request with the same Idempotency-Key is still creating the channel. */
    public static final class CreationInProgress extends ChannelRefusal {
        public CreationInProgress(UUID channelId) {
            super("creation-in-progress", "The channel is still being created",
                    "a request with the same Idempotency-Key is creating it; repeat the request in a moment");
            fact("channelId", channelId.toString());
        }
    }

    /** A request with the same Idempotency-Key is still sending the message. */
    public static final class SendInProgress extends ChannelRefusal {
        public SendInProgress() {
            super("send-in-progress", "This message is being sent",
                    "a request with the same Idempotency-Key is sending it; repeat the request in a moment");
        }
    }

    /** WHAPI refused the message (stored as FAILED). */
    public static final class MessageRefused extends ChannelRefusal {
        public MessageRefused(String whapiMessage, int whapiStatus, UUID messageId) {
            super("message-refused", "WHAPI refused the message", whapiMessage.isBlank() ? "WHAPI answered " + whapiStatus : whapiMessage);
            fact("messageId", messageId);
        }
    }

    /** WHAPI did not answer the send: the message is UNCONFIRMED until a person looks at it. */
    public static final class MessageOutcomeUnknown extends ChannelRefusal {
        public MessageOutcomeUnknown(String why, UUID messageId) {
            super("message-outcome-unknown", "It is not known whether the message left",
                    "WHAPI did not answer (" + why + "); the message is UNCONFIRMED: look at it before sending it again");
            fact("messageId", messageId);
        }
    }

    /** A call to the webhook address without the channel's secret (or for no active channel: alike). */
    public static final class WebhookNotAuthentic extends ChannelRefusal {
        public WebhookNotAuthentic() {
            super("webhook-unauthorized", "Webhook not accepted", "the webhook secret is missing or wrong");
        }
    }

    public static final class NotAWebhook extends ChannelRefusal {
        public NotAWebhook() {
            super("invalid-webhook", "Not a WHAPI webhook", "the body needs an event object with a type");
        }
    }

    /** No partner token: neither set by an admin nor configured. */
    /** A bulk job's filter matches more channels than one job may touch. */
    public static final class TooManyChannelsForAJob extends ChannelRefusal {
        public TooManyChannelsForAJob(int maxChannels) {
            super("too-many-channels-for-a-job", "Too many channels for one job",
                    "the filter matches more than " + maxChannels + " channels; narrow it (by customer, state or health) or run "
                            + "several jobs");
            fact("maxChannels", maxChannels);
        }
    }

    public static final class WhapiNotConfigured extends ChannelRefusal {
        public WhapiNotConfigured() {
            super("whapi-not-configured", "WHAPI is not configured", "an admin must set the WHAPI partner token first");
        }
    }
}
