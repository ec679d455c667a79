package app.reseller.messaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything messaging-service reads from its configuration, with the defaults it runs on. */
@ConfigMapping(prefix = "messaging")
public interface MessagingConfig {

    Wappin wappin();

    Media media();

    Notifications notifications();

    Webhooks webhooks();

    Callbacks callbacks();

    /** Wappin's callbacks, the hottest write path (docs/messaging.md, "Callbacks stored in groups"). */
    interface Callbacks {
        /**
         * Store statements at once, for inbound messages and for statuses each; concurrent callbacks wait for a free one and go together (group commit). One:
         * every callback that arrives while a statement runs goes in the next, so a commit's flush serves the most
         * callbacks; 2 and 4 made smaller statements and cost PostgreSQL 0.20-0.26 ms a callback against 0.17-0.18
         * (docs/benchmarks.md, "One store statement at a time").
         */
        @WithDefault("1")
        int storeParallel();

        /** Callbacks in one store statement at most (inbound messages and statuses go in statements of their own). */
        @WithDefault("128")
        int storeBatch();
    }

    /**
     * Wappin credentials to use until an admin sets them through the API (e.g. from a Kubernetes
     * Secret: MESSAGING_WAPPIN_SECRET_KEY, MESSAGING_WAPPIN_CALLBACK_TOKEN). The local run points
     * them at the sandbox.
     */
    interface Wappin {
        Optional<String> clientId();

        Optional<String> secretKey();

        Optional<String> projectId();

        Optional<String> callbackToken();

        @WithDefault("SANDBOX")
        String environment();

        /** The access token is refreshed this long before Wappin's expired_datetime. */
        @WithDefault("5m")
        Duration refreshMargin();

        /** Wappin's expired_datetime is local time in Jakarta. */
        @WithDefault("Asia/Jakarta")
        String timeZone();

        /** How each call to Wappin is guarded: timeout, retries, breaker. */
        WappinCalls calls();
    }

    interface Media {
        /** The largest file a customer may send (Wappin's own limit is higher for documents). */
        @WithDefault("5242880")
        long maxBytes();
    }

    interface Notifications {
        /** How often queued notifications (from platform events) are sent. */
        @WithDefault("2s")
        Duration pollEvery();

        /** Attempts for a notification whose send surely did not go out (connection refused, 401 twice, 5xx before sending). */
        @WithDefault("5")
        int maxAttempts();
    }

    /** Signed webhooks to the customers' endpoints (docs/webhooks.md). */
    interface Webhooks {
        /** How often due deliveries are looked for (a delivery waits at most this long after its event is consumed). */
        @WithDefault("100ms")
        Duration pollEvery();

        /** Deliveries claimed at once; they go out in parallel (one per queue and endpoint at a time: WebhookEventType.queue). */
        @WithDefault("64")
        int batch();

        /** Attempts' outcomes recorded in one transaction at most (those that end while a recording runs go together). */
        @WithDefault("64")
        int recordBatch();

        /** Recording transactions at once; the attempts that end meanwhile wait for a free one and go together. */
        @WithDefault("1")
        int recordParallel();

        /** How often webhooks_oldest_due_seconds is refreshed (WebhookBacklog). */
        @WithDefault("10s")
        Duration measureEvery();

        /** The whole attempt: connecting, sending and reading the answer. */
        @WithDefault("10s")
        Duration timeout();

        /** The first retry after a failure; each next one waits twice as long (with 20 % jitter), up to maxRetry. */
        @WithDefault("5s")
        Duration firstRetry();

        @WithDefault("1h")
        Duration maxRetry();

        /** A delivery still failing this long after its event is given up (FAILED; redeliver or replay it). */
        @WithDefault("24h")
        Duration giveUpAfter();

        /** An endpoint failing without one success for this long is disabled and its owner notified. */
        @WithDefault("72h")
        Duration disableAfter();

        /** After a rotation, the old secret signs too for this long, unless the rotation says otherwise. */
        @WithDefault("24h")
        Duration rotationGrace();

        @WithDefault("10")
        int maxEndpointsPerCustomer();

        /**
         * Hosts exempt from the address check (SSRF guard) and allowed on plain http: for the local
         * run and tests only (their receivers are on 127.0.0.1). Empty in production, where an
         * endpoint must be https and resolve to public addresses only.
         */
        Optional<List<String>> allowedHosts();
    }
}
