package app.reseller.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Everything the gateway reads from its configuration, with the defaults it runs on. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Services services();

    RateLimit rateLimit();

    ApiKeys apiKeys();

    Console console();

    /**
     * The address callers reach the public API at, named as the server of the public OpenAPI
     * document (Kubernetes: the ingress's https address).
     */
    @WithDefault("http://127.0.0.1:8080")
    String publicUrl();

    /** The largest request body forwarded (media uploads are the largest); larger ones get 413. */
    @WithDefault("6291456")
    long maxBodyBytes();

    /** The web console served at /console/: where its people sign in (docs/console.md). */
    interface Console {
        /**
         * The OpenID provider the console signs people in with (its issuer URL: Keycloak's realm, or
         * the local run's development issuer); none: the console says sign-in is not configured.
         */
        java.util.Optional<String> oidcAuthority();

        /** The console's client at that provider: public, code flow with PKCE. */
        @WithDefault("reseller-console")
        String clientId();
    }

    /** Where the three services answer (Kubernetes: their Service names). */
    interface Services {
        @WithDefault("http://127.0.0.1:8081")
        String billing();

        @WithDefault("http://127.0.0.1:8082")
        String channel();

        @WithDefault("http://127.0.0.1:8083")
        String messaging();

        /**
         * The longest a forwarded call may wait for the service's answer before the caller gets a
         * 504 (never a hang). Routes whose service only reads and writes its database.
         */
        @WithDefault("15s")
        Duration timeout();

        /**
         * The same for routes whose service calls WHAPI or Wappin before answering: not shorter than
         * platform.calls.provider-budget, within which each service checks at start-up that its
         * provider calls end, retries included (docs/gateway.md, "Timeouts"; checked at start-up).
         */
        @WithDefault("90s")
        Duration providerCallTimeout();

        /** How the gateway's own calls to the services are guarded: timeout and breaker. */
        ServiceCalls calls();

        /** A downstream that failed this many calls in a row is not called for {@link #openFor()}. */
        @WithDefault("5")
        int failuresToOpen();

        @WithDefault("10s")
        Duration openFor();

        /** Connections the gateway keeps to each service at most (shared over its event loops). */
        @WithDefault("128")
        int maxConnections();
    }

    /** Token buckets per gateway replica: a burst of {@code burst}, refilled at {@code perMinute}. */
    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("600")
        int perUserPerMinute();

        @WithDefault("1200")
        int perIpPerMinute();

        @WithDefault("100")
        int burst();

        /**
         * Provider webhooks (WHAPI, Wappin) per source address, in a bucket of their own: a peak of
         * real callbacks is never refused because the API is busy, and a webhook flood never eats
         * the API's budget. Their own secrets authenticate them.
         */
        @WithDefault("6000")
        int webhookPerMinute();
    }

    /** API keys (docs/identity.md): resolved by billing-service, forwarded as the gateway's own signed identity. */
    interface ApiKeys {
        /**
         * How long a resolved (or unknown) key is believed without asking billing-service again: a
         * revoked key is refused by every replica within this time plus one resolution.
         */
        @WithDefault("500ms")
        Duration cacheFor();

        /** How long the identity the gateway signs for a key call is valid at the services. */
        @WithDefault("60s")
        Duration identityLifetime();

        /**
         * The gateway's identity key (PKCS#8, base64; Kubernetes Secret): it signs what the services
         * accept for key calls (their platform.gateway-identity.public-key). Unset: API keys are refused.
         */
        Optional<String> privateKey();
    }
}
