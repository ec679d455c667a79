package app.reseller.gateway;

import app.reseller.infra.TestIdentity;
import app.reseller.infra.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Seen under load: a load generator closing its connections at the end of a run made the proxy
 * reset the in-flight service calls, the breaker counted those resets as service failures, opened,
 * and its half-open state then refused hundreds of healthy calls. Callers hanging up say nothing
 * about the service: the breaker stays closed.
 */
@GatewayTest
@TestProfile(CallersHangingUpTest.ABreakerThatOpensAfterThree.class)
class CallersHangingUpTest {

    public static class ABreakerThatOpensAfterThree extends ConfigOverrides {
        public ABreakerThatOpensAfterThree() {
            super("gateway.services.failures-to-open", "3", "gateway.services.open-for", "30s");
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void tenCallersHangingUpDoNotOpenTheBreaker() throws Exception {
        String token = TestIdentity.customer("impatient");
        for (int i = 0; i < 10; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /api/v1/plans/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(150); // the call reaches the (slow) service, then the caller hangs up
            }
        }
        // every hung-up call has ended at the service; the breaker (3 failures open it) is still closed
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                given().auth().oauth2(token).get("/api/v1/plans").then().extract().statusCode() == 200);
    }
}
