package app.reseller.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * A customer's verifier of the platform's webhooks, written from the Standard Webhooks
 * specification alone (not the service's code): HMAC-SHA256 of "id.timestamp.body" under the
 * base64-decoded secret, compared with each "v1," signature of the header, in constant time, and a
 * timestamp within five minutes. The sample it writes is verified again in CI by the standardwebhooks
 * npm library, with the Node.js example of docs/webhooks.md (docs/check-webhook-signature).
 */
final class StandardWebhooks {

    private StandardWebhooks() {
    }

    static boolean verifies(String secret, Map<String, Object> delivery) {
        long timestamp = Long.parseLong((String) delivery.get("webhookTimestamp"));
        if (Math.abs(System.currentTimeMillis() / 1000 - timestamp) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = Base64.getEncoder().encode(mac.doFinal((delivery.get("webhookId") + "." + timestamp + "."
                    + delivery.get("body")).getBytes(StandardCharsets.UTF_8)));
            for (String signature : ((String) delivery.get("webhookSignature")).split(" ")) {
                if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                        signature.substring(3).getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonPath body(Map<String, Object> delivery) {
        return new JsonPath((String) delivery.get("body"));
    }

    /** One delivery as a receiver got it, with the endpoint's secret (a test secret of a throwaway run), for the CI check. */
    static void writeSample(String secret, Map<String, Object> delivery, Path file) {
        try {
            Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of(
                    "secret", secret,
                    "headers", Map.of("webhook-id", delivery.get("webhookId"), "webhook-timestamp", delivery.get("webhookTimestamp"),
                            "webhook-signature", delivery.get("webhookSignature")),
                    "body", delivery.get("body"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
