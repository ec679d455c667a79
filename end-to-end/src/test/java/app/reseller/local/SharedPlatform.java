package app.reseller.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * The one platform the end-to-end test classes share ({@code @ExtendWith(SharedPlatform.class)}, then
 * a {@link LocalPlatform} parameter): started by the first class that asks, stopped when the whole
 * test run ends (JUnit's root store closes it), so a second journey costs no second start.
 * Short extension lease and settle window: the crash drill's restarted channel-service takes the
 * request over, and decides about the call it lost, within the test's patience. Every app trusts
 * a real Keycloak (deploy/keycloak/reseller-realm.json): the journeys run with tokens it issued.
 * A third demo customer lets the generated-client journey run beside the other journeys' customers.
 */
final class SharedPlatform implements ParameterResolver {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path STATE = ROOT.resolve("end-to-end/target/e2e-state");

    /**
     * The channel.events types billing's consumer acts on (its ChannelEventsConsumer.ACTED_ON; this module does not
     * depend on the contract module): the others (messages, statuses) it acknowledges without recording them.
     */
    static final java.util.Set<String> BILLING_CHANNEL_EVENT_TYPES = java.util.Set.of("channel.ChannelCreated.v1",
            "channel.ChannelExtended.v1", "channel.ChannelExtensionFailed.v1", "channel.ChannelDeleted.v1",
            "channel.ChannelPaused.v1", "channel.ChannelResumed.v1");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalPlatform.class || parameter.getParameter().getType() == OtlpCollector.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
        return parameter.getParameter().getType() == OtlpCollector.class ? running.collector : running.platform;
    }

    /** The platform, exporting its spans (OTLP switched on by configuration, as in production) to a collector here. */
    private record Running(LocalPlatform platform, OtlpCollector collector) implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            OtlpCollector collector;
            try {
                collector = new OtlpCollector();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the OTLP collector did not start", e);
            }
            LocalPlatform platform = new LocalPlatform(ROOT, STATE)
                    .withEnvironment("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.endpoint())
                    .withEnvironment("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")
                    .withEnvironment("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms")
                    .withEnvironment("CHANNEL_EXTENSION_LEASE", "8s")
                    .withEnvironment("CHANNEL_EXTENSION_SETTLE_WINDOW", "15s").withEnvironment("CHANNEL_EXTENSION_RETRY_BACKOFF", "2s")
                    // the settle window must outlast an extend (channel-service's start-up check): 10 s here, not 15
                    .withEnvironment("CHANNEL_WHAPI_CALLS_MANAGER_EXTEND_TIMEOUT", "10s")
                    // the key-rotation test waits for a 5-second token to expire: allow 1 s of skew, not 30
                    .withEnvironment("PLATFORM_JWT_CLOCK_SKEW", "1")
                    // a sent message's statuses (sent, delivered, read) follow 200 ms apart, not 1 s
                    .withEnvironment("SANDBOX_WHAPI_STATUS_STEP", "200ms")
                    // after going LIVE a channel sends again once WHAPI's restart is over: 2 s here, not 30
                    .withEnvironment("CHANNEL_WHAPI_RESTART_PAUSE", "2s")
                    // the journeys and the API fuzzer send thousands of requests from one address in minutes: the
                    // gateway's rate limits (tested on their own in the gateway) would refuse some of them at random
                    .withEnvironment("GATEWAY_RATE_LIMIT_PER_IP_PER_MINUTE", "1000000")
                    .withEnvironment("GATEWAY_RATE_LIMIT_PER_USER_PER_MINUTE", "1000000")
                    .withEnvironment("GATEWAY_RATE_LIMIT_BURST", "1000000")
                    .withKeycloak();
            try {
                platform.start(true);
            } catch (Exception e) {
                platform.stop();
                collector.close();
                throw new IllegalStateException("the platform did not start", e);
            }
            return new Running(platform, collector);
        }

        @Override
        public void close() {
            platform.stop();
            collector.close();
        }
    }
}
