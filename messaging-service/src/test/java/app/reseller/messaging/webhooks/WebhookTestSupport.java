package app.reseller.messaging.webhooks;

import io.restassured.path.json.JsonPath;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.messaging.MessagingTestSupport.sandbox;

/**
 * Webhook tests' helpers: the sandbox's receiver, registrations, and a Standard Webhooks verifier
 * written from the specification (not the service's signer), so a signing bug cannot verify itself.
 */
final class WebhookTestSupport {

    /** A registration's answer: the endpoint id and its secret (shown once). */
    record Registered(String id, String secret) {
    }

    private WebhookTestSupport() {
    }

    static String newReceiver() {
        return "r-" + UUID.randomUUID();
    }

    static String receiverUrl(String receiver) {
        return sandboxBase() + "/_sandbox/webhook-receiver/" + receiver;
    }

    private static String sandboxBase() {
        return app.reseller.infra.ProviderSandboxProcess.get().baseUrl();
    }

    static Registered register(String customer, String receiver, List<String> types) {
        JsonPath answer = asCustomer(customer).body(Map.of("url", receiverUrl(receiver), "eventTypes", types))
                .post("/webhook-endpoints").then().statusCode(201).extract().jsonPath();
        return new Registered(answer.getString("endpoint.id"), answer.getString("secret"));
    }

    /** Every delivery the receiver got, in arrival order (successful or not). */
    static List<Map<String, Object>> received(String receiver) {
        return sandbox().get("/_sandbox/webhook-receiver/" + receiver).then().statusCode(200).extract().jsonPath().getList("$");
    }

    static List<Map<String, Object>> answeredOk(String receiver) {
        return received(receiver).stream().filter(r -> ((Integer) r.get("answered")) < 300).toList();
    }

    static void answer(String receiver, int status, long delayMs, int times) {
        sandbox().body(Map.of("status", status, "delayMs", delayMs, "times", times))
                .put("/_sandbox/webhook-receiver/" + receiver + "/mode").then().statusCode(200);
    }

    /** True when one of the header's v1 signatures is the HMAC of "id.timestamp.body" under the secret. */
    static boolean verifies(String secret, Map<String, Object> delivery) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String content = delivery.get("webhookId") + "." + delivery.get("webhookTimestamp") + "." + delivery.get("body");
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
            for (String signature : ((String) delivery.get("webhookSignature")).split(" ")) {
                if (java.security.MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                        expected.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonPath body(Map<String, Object> delivery) {
        return new JsonPath((String) delivery.get("body"));
    }
}
