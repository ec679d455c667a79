package app.reseller.channel;

import app.reseller.platform.events.contract.ChannelEvents.ChannelStatusChanged;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.data;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Linking WhatsApp: QR as JSON and PNG, pairing code, webhooks that move the status, 409 once linked. */
@ChannelTest
class LinkingWhatsAppTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void qrPairingCodeAndASimulatedLoginThatFlipsTheStatus() {
        String customer = newCustomer();
        entitle(customer, 1, 10);
        String channelId = createChannel(customer, "link me");
        // creation pointed the channel's webhooks at us, with a secret header
        await().until(() -> DB.number("select count(*) from channel where id = '" + channelId + "' and webhooks_configured") == 1);

        String base64 = asCustomer(customer).get("/channels/" + channelId + "/qr").then().statusCode(200)
                .body("status", is("OK")).body("expiresInSeconds", is(20))
                .body("image", startsWith("data:image/png;base64,")).extract().path("base64");
        byte[] fromJson = Base64.getDecoder().decode(base64);
        assertArrayEquals(PNG_MAGIC, java.util.Arrays.copyOf(fromJson, 4), "the JSON carries a real PNG");

        byte[] png = asCustomer(customer).get("/channels/" + channelId + "/qr.png").then().statusCode(200)
                .contentType("image/png").header("Cache-Control", "no-store").extract().asByteArray();
        assertArrayEquals(PNG_MAGIC, java.util.Arrays.copyOf(png, 4), "an <img> can show it");

        asCustomer(customer).body(Map.of("phone", "+62 812-3456-7890".replaceAll("[ -]", ""))).post("/channels/" + channelId + "/pairing-code")
                .then().statusCode(200).body("code", matchesPattern("\\d{3}-\\d{3}"));

        // the phone scans the QR: WHAPI fires its webhooks at us
        sandbox().post("/_sandbox/whapi/channels/" + whapiIdOf(channelId) + "/login").then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "AUTH".equals(
                asCustomer(customer).get("/channels/" + channelId).then().extract().path("linkStatus")));
        var changed = channelEvents(ChannelStatusChanged.TYPE, channelId);
        assertEquals(1, changed.size(), "the status changed once although two webhooks said so");
        assertEquals("AUTH", data(changed.get(0)).get("status").asText());
        assertEquals("NOT_INIT", data(changed.get(0)).get("previousStatus").asText());
        sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channelId) + "/webhook-deliveries").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.everyItem(is(200)));

        // linked now: WHAPI's 409 reaches the customer as a clear problem
        asCustomer(customer).get("/channels/" + channelId + "/qr").then().statusCode(409)
                .contentType("application/problem+json").body("title", is("WhatsApp is already linked to this channel"));

        sandbox().post("/_sandbox/whapi/channels/" + whapiIdOf(channelId) + "/logout").then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> channelEvents(ChannelStatusChanged.TYPE, channelId).size() == 2);
        assertEquals("QR", data(channelEvents(ChannelStatusChanged.TYPE, channelId).get(1)).get("status").asText());
    }

    @Test
    void aWebhookWithoutTheRightSecretOrWithABadBodyIsRefusedAndChangesNothing() {
        String customer = newCustomer();
        entitle(customer, 1, 10);
        String channelId = createChannel(customer, "guarded");
        String login = "{\"channel_id\":\"x\",\"event\":{\"type\":\"users\",\"event\":\"post\"}}";

        given().contentType("application/json").body(login).post("/webhooks/whapi/" + channelId).then().statusCode(401)
                .contentType("application/problem+json");
        given().contentType("application/json").header("X-Reseller-Webhook-Secret", "guess").body(login)
                .post("/webhooks/whapi/" + channelId).then().statusCode(401);
        given().contentType("application/json").header("X-Reseller-Webhook-Secret", "guess").body(login)
                .post("/webhooks/whapi/" + java.util.UUID.randomUUID()).then().statusCode(401);
        given().contentType("application/json").body("{\"no\":\"event\"}").post("/webhooks/whapi/" + channelId)
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{broken").post("/webhooks/whapi/" + channelId)
                .then().statusCode(400).contentType("application/problem+json");

        assertEquals("NOT_INIT", DB.strings("select link_status from channel where id = '" + channelId + "'").get(0));
        assertTrue(channelEvents(ChannelStatusChanged.TYPE, channelId).isEmpty());
    }
}
