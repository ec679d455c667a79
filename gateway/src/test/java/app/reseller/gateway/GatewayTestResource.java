package app.reseller.gateway;

import app.reseller.infra.FreePort;
import app.reseller.infra.TestIdentity;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** The gateway under test: the test issuer's key, the gateway's identity key (API keys), stub billing and channel services, and a stopped messaging service. */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey", TestIdentity.publicKey(),
                "mp.jwt.verify.issuer", TestIdentity.ISSUER,
                "gateway.api-keys.private-key", TestIdentity.gatewayPrivateKey(),
                "gateway.services.billing", StubServices.billingUrl(),
                "gateway.services.channel", StubServices.channelUrl(),
                // nothing listens here: messaging is "stopped"
                "gateway.services.messaging", "http://127.0.0.1:" + FreePort.pick());
    }

    @Override
    public void stop() {
    }
}
