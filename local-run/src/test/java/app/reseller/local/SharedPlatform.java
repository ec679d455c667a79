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
 * request over, and decides about the call it lost, within the test's patience. A third demo
 * customer lets the generated-client journey run beside the other journeys' customers.
 */
final class SharedPlatform implements ParameterResolver {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path STATE = ROOT.resolve("local-run/target/e2e-state");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class).platform;
    }

    private record Running(LocalPlatform platform) implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            LocalPlatform platform = new LocalPlatform(ROOT, STATE).withEnvironment("CHANNEL_EXTENSION_LEASE", "8s")
                    .withEnvironment("CHANNEL_EXTENSION_SETTLE_WINDOW", "15s").withEnvironment("CHANNEL_EXTENSION_RETRY_BACKOFF", "2s")
                    .withEnvironment("GATEWAY_DEV_ISSUER_USERS", "admin:admin,customer-1:customer,customer-2:customer,customer-3:customer");
            try {
                platform.start(true);
            } catch (Exception e) {
                platform.stop();
                throw new IllegalStateException("the platform did not start", e);
            }
            return new Running(platform);
        }

        @Override
        public void close() {
            platform.stop();
        }
    }
}
