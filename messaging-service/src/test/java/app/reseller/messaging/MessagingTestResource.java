package app.reseller.messaging;

import app.reseller.infra.FreePort;
import app.reseller.infra.ProviderSandboxProcess;
import app.reseller.platform.secrets.SecretBox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * messaging-service's provider in tests: the real provider sandbox (a child process) behind the
 * recording proxy; the app's HTTP port fixed up front (the sandbox's callbacks must reach it); the
 * sandbox's Wappin credentials as configuration; a per-JVM key for secrets at rest.
 */
public class MessagingTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String CALLBACK_TOKEN = "test-callback-token-4f1e";
    static final String SECRET_KEY = "sandbox-secret";
    private static String keyset;
    static int port;

    private static synchronized String keyset() {
        if (keyset == null) {
            keyset = SecretBox.newKeyset();
        }
        return keyset;
    }

    static String sandboxUrl() {
        return ProviderSandboxProcess.get().baseUrl();
    }

    @Override
    public Map<String, String> start() {
        port = FreePort.pick();
        return Map.of(
                "quarkus.http.test-port", String.valueOf(port),
                "quarkus.rest-client.wappin.url", ProviderSandboxProcess.recordingProxy().baseUrl() + "/wappin",
                "messaging.wappin.client-id", "sandbox-client",
                "messaging.wappin.secret-key", SECRET_KEY,
                "messaging.wappin.project-id", "52",
                "messaging.wappin.callback-token", CALLBACK_TOKEN,
                "platform.secrets.keyset", keyset());
    }

    @Override
    public void stop() {
        // the sandbox and the proxy outlive each app under test; JVM exit stops them
    }
}
