package app.reseller.messaging;

import app.reseller.infra.RecordingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.messaging.MessagingTestSupport.JSON;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.notification;
import static app.reseller.messaging.MessagingTestSupport.sandbox;
import static app.reseller.messaging.MessagingTestSupport.wire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wappin's secret key, callback token and access tokens never appear in answers, logs or plain columns. */
@MessagingTest
class SecretsNeverLeakTest {

    private static final String NEW_CALLBACK_TOKEN = "rotated-callback-token-77a1";

    @AfterEach
    void restoreCallbackToken() {
        asAdmin().body(Map.of("callbackToken", MessagingTestResource.CALLBACK_TOKEN)).put("/admin/wappin/settings").then().statusCode(200);
    }

    @Test
    void secretsAreWriteOnlyAndNeverLoggedOrStoredPlain() throws Exception {
        List<String> answers = new ArrayList<>();
        answers.add(asAdmin().body(Map.of("clientId", "sandbox-client", "secretKey", MessagingTestResource.SECRET_KEY,
                        "projectId", "52", "callbackToken", NEW_CALLBACK_TOKEN, "environment", "PRODUCTION"))
                .put("/admin/wappin/settings").then().statusCode(200)
                .body("secretKey", is("san…ret")).body("callbackToken", is("rot…7a1")).body("source", is("admin"))
                .extract().asString());
        answers.add(asAdmin().get("/admin/wappin/settings").then().statusCode(200).extract().asString());

        // the new callback token is what the next callback must carry
        Map<String, Object> callback = Map.of("message_id", "leak-check", "callback_type", "message", "sender_number", "6281200000099",
                "message_content", "hi");
        given().contentType("application/json").header("Authorization", "Bearer " + MessagingTestResource.CALLBACK_TOKEN)
                .body(callback).post("/callbacks/wappin").then().statusCode(401);
        given().contentType("application/json").header("Authorization", "Bearer " + NEW_CALLBACK_TOKEN)
                .body(callback).post("/callbacks/wappin").then().statusCode(200).body("status", is("000"));

        sandbox().post("/_sandbox/wappin/tokens/expire").then().statusCode(200); // forces a token request now
        wire().clear();
        String customer = newCustomer();
        answers.add(asCustomer(customer).body(notification("6281200000098")).post("/messages/notifications").then().statusCode(201)
                .extract().asString());
        answers.add(asCustomer(customer).get("/messages").then().statusCode(200).extract().asString());

        RecordingProxy.Exchange tokenCall = wire().exchanges().stream().filter(e -> e.path().endsWith("/token/get")).findFirst().orElseThrow();
        String accessToken = JSON.readTree(tokenCall.responseText()).path("data").path("access_token").asText();
        assertTrue(accessToken.length() > 20);
        String basic = tokenCall.header("Authorization");

        String tables = DB.dumpAllTables();
        String log = Files.readString(Path.of("target/messaging-service-test.log"));
        assertTrue(log.contains("Wappin settings changed"), "the captured log covers this test");
        for (String secret : List.of(MessagingTestResource.SECRET_KEY, NEW_CALLBACK_TOKEN, accessToken, basic.substring(6))) {
            answers.forEach(a -> assertFalse(a.contains(secret), "an answer shows a secret: " + a));
            assertFalse(tables.contains(secret), "a secret is stored in plain: " + secret.substring(0, 3) + "…");
            assertFalse(log.contains(secret), "a secret was logged: " + secret.substring(0, 3) + "…");
        }
    }
}
