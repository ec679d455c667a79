package app.reseller.messaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Everything messaging-service reads from its configuration, with the defaults it runs on. */
@ConfigMapping(prefix = "messaging")
public interface MessagingConfig {

    Wappin wappin();

    Media media();

    Notifications notifications();

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
}
