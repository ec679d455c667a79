package app.reseller.messaging.races;

import app.reseller.messaging.MessagingTest;
import app.reseller.messaging.MessagingTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static app.reseller.infra.TestCallers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An admin rotating Wappin's callback token while callbacks keep arriving with the old one (the
 * cache of the expected token is the shared state). Once the rotation has answered, the old
 * token is refused at once on this replica, in every round. Before the fix, a callback read the
 * old token while the change was still uncommitted and cached it: CI saw the old token accepted.
 */
@MessagingTest
class CallbackTokenRotationRaceTest {

    private static final int ROUNDS = 10;

    @AfterEach
    void restoreCallbackToken() {
        asAdmin().body(Map.of("callbackToken", MessagingTestResource.CALLBACK_TOKEN)).put("/admin/wappin/settings").then().statusCode(200);
    }

    @Test
    void theOldTokenIsRefusedAsSoonAsTheRotationAnswers() throws Exception {
        String current = MessagingTestResource.CALLBACK_TOKEN;
        for (int round = 0; round < ROUNDS; round++) {
            String old = current;
            String next = "rotated-" + round + "-" + UUID.randomUUID();
            AtomicBoolean rotating = new AtomicBoolean(true);
            Thread callbacks = new Thread(() -> {
                while (rotating.get()) {
                    callback(old); // accepted or refused: it only has to race the rotation
                }
            });
            callbacks.start();
            asAdmin().body(Map.of("callbackToken", next)).put("/admin/wappin/settings").then().statusCode(200);
            rotating.set(false);
            callbacks.join();

            assertEquals(401, callback(old), "round " + round + ": the old token is refused once the rotation answered");
            assertEquals(200, callback(next), "round " + round + ": the new one is accepted");
            current = next;
        }
    }

    private static int callback(String token) {
        return given().contentType("application/json").header("Authorization", "Bearer " + token)
                .body(Map.of("message_id", "rotation-" + UUID.randomUUID(), "callback_type", "message",
                        "sender_number", "6281200000097", "message_content", "hi"))
                .post("/callbacks/wappin").then().extract().statusCode();
    }
}
