package app.reseller.channel;

import app.reseller.infra.FreePort;
import app.reseller.infra.ProviderSandboxProcess;
import app.reseller.infra.RecordingProxy;
import app.reseller.platform.secrets.SecretBox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * channel-service's providers in tests: the real provider sandbox (a child process) behind a
 * recording proxy, so tests can see exactly what went over the wire to WHAPI. Also the app's HTTP
 * port (fixed up front, so the sandbox's webhooks can reach it) and a per-JVM key for secrets at
 * rest (the same for every restart of the app, since they share the database).
 */
public class ChannelTestResource implements QuarkusTestResourceLifecycleManager {

    static final String PARTNER_TOKEN = "sandbox-partner-token";
    private static String keyset;

    static RecordingProxy proxy() {
        return ProviderSandboxProcess.recordingProxy();
    }

    static String sandboxUrl() {
        return ProviderSandboxProcess.get().baseUrl();
    }

    private static synchronized String keyset() {
        if (keyset == null) {
            keyset = SecretBox.newKeyset();
        }
        return keyset;
    }

    @Override
    public Map<String, String> start() {
        int port = FreePort.pick();
        String whapi = proxy().baseUrl();
        return Map.of(
                "quarkus.http.test-port", String.valueOf(port),
                "channel.webhooks.public-base-url", "http://127.0.0.1:" + port,
                "quarkus.rest-client.whapi-manager.url", whapi + "/manager",
                "quarkus.rest-client.whapi-gate.url", whapi + "/gate",
                "channel.whapi.partner-token", PARTNER_TOKEN,
                "platform.secrets.keyset", keyset());
    }

    @Override
    public void stop() {
        // the sandbox and the proxy outlive each app under test; JVM exit stops them
    }
}
