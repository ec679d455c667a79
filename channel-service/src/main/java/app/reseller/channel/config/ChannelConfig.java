package app.reseller.channel.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Everything channel-service reads from its configuration, with the defaults it runs on. */
@ConfigMapping(prefix = "channel")
public interface ChannelConfig {

    Whapi whapi();

    Webhooks webhooks();

    Create create();

    Bulk bulk();

    Extension extension();

    Reconcile reconcile();

    Trial trial();

    Expiry expiry();

    Health health();

    Media media();

    interface Whapi {
        /** The partner's WHAPI project; an admin may change it in the settings. */
        @WithDefault("HPN0H0hFDL1GFg154PI")
        String projectId();

        /**
         * The partner token to use until an admin sets one through the API (e.g. from a Kubernetes
         * Secret as CHANNEL_WHAPI_PARTNER_TOKEN). The local run points it at the sandbox's token.
         */
        Optional<String> partnerToken();

        /** After a mode change WHAPI restarts the channel; gate calls wait this long. */
        @WithDefault("30s")
        Duration restartPause();

        /** How each call to WHAPI is guarded: timeout, retries, breaker. */
        WhapiCalls calls();
    }

    interface Webhooks {
        /** Where WHAPI reaches our webhook endpoint from outside: the gateway's public URL in production. */
        @WithDefault("http://127.0.0.1:8082")
        String publicBaseUrl();

        /** The custom header carrying each channel's webhook secret (WHAPI does not sign webhooks). */
        @WithDefault("X-Reseller-Webhook-Secret")
        String secretHeader();

        /**
         * WHAPI's retries of a webhook call we did not answer 200 (a restart, a slow minute): the
         * first after this, each next one this much later (callback_backoff_delay_ms; WHAPI takes 3-15 s).
         */
        @WithDefault("3s")
        Duration callbackBackoff();

        /** The longest WHAPI waits between two retries of one webhook call (max_callback_backoff_delay_ms; 10-60 min). */
        @WithDefault("15m")
        Duration callbackBackoffCap();

        /**
         * How long a channel's previous webhook secret is still accepted after its settings were applied
         * again with a new one: WHAPI's retries of calls it queued before carry the old secret.
         */
        @WithDefault("24h")
        Duration previousSecretGrace();
    }

    /** Bulk actions run as jobs (docs/channels.md, "Bulk actions"). */
    interface Bulk {
        /** How often each replica looks for due items of bulk jobs. */
        @WithDefault("1s")
        Duration every();

        /** How many items one pass claims; they are worked one after the other. */
        @WithDefault("5")
        int batch();

        /** How long a claim holds: past it another replica takes the item over (a pause may wait on WHAPI's calls). */
        @WithDefault("2m")
        Duration lease();

        /** The most channels one job may touch: a larger filter is refused, to be narrowed. */
        @WithDefault("1000")
        int maxChannels();

        /** How often a temporary refusal or a WHAPI fault is tried again before the item fails. */
        @WithDefault("5")
        int maxAttempts();

        /** The wait before trying again when the refusal names no Retry-After (times the attempt). */
        @WithDefault("30s")
        Duration retryBackoff();
    }

    interface Create {
        /** The optional minimum-balance policy: a customer needs this many days to create a channel. 0 = off. */
        @WithDefault("0")
        long minimumBalanceDays();

        /** WHAPI creates at most this many channels per {@link #window()} for the partner; beyond it creates queue. */
        @WithDefault("20")
        int windowLimit();

        /** The length of WHAPI's creation window. */
        @WithDefault("30m")
        Duration window();

        /**
         * WHAPI counts a creation from when it received it, which is up to the create call's timeout
         * after we started it: a start of ours counts this much longer than the window, or the first
         * creation of each new window could meet a 429.
         */
        @WithDefault("15s")
        Duration windowMargin();

        /** How often each replica looks whether the queue's next requests may go to WHAPI. */
        @WithDefault("5s")
        Duration queueEvery();

        /** How long to wait after a 429 that names no Retry-After. */
        @WithDefault("60s")
        Duration blockWithoutRetryAfter();
    }

    interface Extension {
        /** How often the executor looks for due extension requests. */
        @WithDefault("1s")
        Duration pollEvery();

        /** WHAPI blocks repeated extends of one channel for about this long: a blocked request waits, it does not fail. */
        @WithDefault("5m")
        Duration whapiBlock();

        /** First pause after a transient failure; doubles on each further one. */
        @WithDefault("10s")
        Duration retryBackoff();

        /** Transient failures before a request is given up (ChannelExtensionFailed, retryable). */
        @WithDefault("8")
        int maxAttempts();

        /** How long one executor owns a claimed request; a crashed executor's requests are taken over after it. */
        @WithDefault("2m")
        Duration lease();

        /**
         * After an extend whose answer was lost, an unmoved activeTill proves "not applied" only
         * once this long has passed since the call started: WHAPI may still apply a call that timed
         * out on our side. Longer than an extend can take (channel.whapi.calls.extend; checked at
         * start-up).
         */
        @WithDefault("60s")
        Duration settleWindow();
    }

    interface Reconcile {
        /** How often the reconciler looks for channels stuck in CREATING or DELETING, and audits WHAPI. */
        @WithDefault("60s")
        Duration every();

        /** A channel CREATING or DELETING for longer than this was left by a crash or an outage: finish or roll it back. */
        @WithDefault("5m")
        Duration stuckAfter();
    }

    /** WHAPI's limits on a TRIAL channel, counted here so a send is refused clearly before WHAPI fails it. */
    interface Trial {
        /** Messages a TRIAL channel may send per UTC day. */
        @WithDefault("150")
        int messagesPerDay();

        /** Distinct chats a TRIAL channel may write to per UTC month. */
        @WithDefault("5")
        int chatsPerMonth();

        /** The answer warns (X-Trial-Messages-Left) once this few messages are left for the day. */
        @WithDefault("20")
        int warnWhenLeft();
    }

    /** The channel.expiring warning to customers (a webhook, a notification rule). */
    interface Expiry {
        /** A channel whose paid time ends within this is warned about, once per end date. */
        @WithDefault("72h")
        Duration warnBefore();

        /** How often channels are checked. */
        @WithDefault("10m")
        Duration checkEvery();
    }

    /** The channel health monitor: stuck detection and automatic restarts (docs/channels.md, "Health"). */
    interface Health {
        /** How often channels that are not healthy are polled (GET /health), checked for being stuck, and restarted. */
        @WithDefault("30s")
        Duration checkEvery();

        /** A channel starting (INIT, LAUNCH, ...) or failed (SYNC_ERROR, STOP, ...) for longer than this is stuck (WHAPI: INIT over 40-50 s means something broke). */
        @WithDefault("2m")
        Duration stuckAfter();

        /** The wait before the second automatic restart of a stuck channel; each next one waits twice as long. */
        @WithDefault("1m")
        Duration restartBackoff();

        /** Automatic restarts of a stuck channel at most, until it is healthy again (then a person looks). */
        @WithDefault("5")
        int maxRestarts();

        /**
         * A linked channel whose message WHAPI accepted this long ago without any status (not even
         * SENT) is SILENT: WHAPI says it is connected while nothing flows. A channel that sends
         * nothing is never silent: only an unanswered send counts.
         */
        @WithDefault("10m")
        Duration silentAfter();

        /**
         * The active probe: a linked, healthy channel through which nothing flowed for this long has its
         * worker asked for its health (GET /health, wakeup=false) once per this period.
         */
        @WithDefault("5m")
        Duration probeEvery();

        /** Probes in a row without an answer (and nothing flowing meanwhile) that make a channel SILENT. */
        @WithDefault("3")
        int probeFailures();

        /** Channels probed at most per monitor pass, least recently probed first. */
        @WithDefault("50")
        int probeBatch();
    }

    /** Files sent with the message itself (base64 uploads); larger ones go by URL. */
    interface Media {
        /** The largest upload, decoded: 4 MiB, so its base64 (a third larger) stays under the gateway's 6 MB body limit. */
        @WithDefault("4194304")
        long maxUploadBytes();
    }
}
