package app.reseller.sandbox.whapi;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The simulated WHAPI gate: real QR codes, pairing codes, health, webhook settings and a login that fires them. */
@QuarkusTest
class WhapiGateSimulatorTest {

    private TestWebhookReceiver receiver;

    @BeforeEach
    void startWebhookReceiver() throws Exception {
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
        receiver = new TestWebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
    }

    private static RequestSpecification channel(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static Map<String, String> newChannel() {
        var json = WhapiManagerSimulatorTest.partner().body(Map.of("name", "gate", "projectId", "HPN0H0hFDL1GFg154PI"))
                .put("/manager/channels").then().statusCode(200).extract().jsonPath();
        return Map.of("id", json.getString("id"), "token", json.getString("token"));
    }

    @Test
    void theQrIsARealScannablePngAsJsonAndAsAnImage() throws Exception {
        var c = newChannel();
        var qr = channel(c.get("token")).get("/gate/users/login?wakeup=true").then().statusCode(200)
                .body("status", is("OK")).body("expire", is(20)).extract().jsonPath();
        String dataUrl = qr.getString("base64");
        byte[] png = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
        assertEquals(qr.getString("rowdata"), decode(png), "the QR says what rowdata says");

        byte[] image = channel(c.get("token")).get("/gate/users/login/image").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertEquals(qr.getString("rowdata"), decode(image));
    }

    @Test
    void pairingCodeByPhoneAndItsValidation() {
        var c = newChannel();
        channel(c.get("token")).get("/gate/users/login/6281234567890").then().statusCode(200)
                .body("code", matchesPattern("\\d{3}-\\d{3}"));
        channel(c.get("token")).get("/gate/users/login/+62-812").then().statusCode(400).body("error.code", is(400));
    }

    @Test
    void aSimulatedLoginFiresTheChannelWebhooksWithTheirSecretHeaderAndLinksTheChannel() {
        var c = newChannel();
        String url = receiver.url(c.get("id"));
        channel(c.get("token")).body(Map.of("webhooks", List.of(Map.of("url", url, "mode", "body",
                        "events", List.of(Map.of("type", "channel", "method", "post"), Map.of("type", "users", "method", "post")),
                        "headers", Map.of("X-Webhook-Secret", "s3cret-for-" + c.get("id"))))))
                .patch("/gate/settings").then().statusCode(200).body("changes[0]", is("webhooks"));
        channel(c.get("token")).get("/gate/health").then().statusCode(200).body("status.text", is("QR"));

        when().post("/_sandbox/whapi/channels/" + c.get("id") + "/login").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 2);
        receiver.received.forEach(r -> assertEquals("s3cret-for-" + c.get("id"), r.secret()));
        assertEquals(1, receiver.received.stream().filter(r -> r.body().contains("\"AUTH\"")).count());
        channel(c.get("token")).get("/gate/health").then().body("status.text", is("AUTH"));
        channel(c.get("token")).get("/gate/users/login").then().statusCode(409)
                .body("error.message", is("Channel already authenticated"));
        await().atMost(Duration.ofSeconds(10)).until(() -> when().get("/_sandbox/whapi/channels/" + c.get("id")
                + "/webhook-deliveries").then().extract().jsonPath().getList("status").size() == 2);
    }

    @Test
    void anotherChannelsTokenOrNoTokenIsRefused() {
        newChannel();
        given().get("/gate/health").then().statusCode(401);
        channel("0123456789abcdef0123456789abcdef").get("/gate/health").then().statusCode(401);
    }

    static String decode(byte[] png) throws Exception {
        var image = ImageIO.read(new ByteArrayInputStream(png));
        // the image is a generated, unrotated code: read it as such (a camera picture would need the general detector)
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE,
                        com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }
}
