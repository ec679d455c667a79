package app.reseller.channel;

import io.restassured.path.json.JsonPath;
import app.reseller.infra.TestActivity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static app.reseller.channel.ChannelTestResource.PARTNER_TOKEN;
import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.fault;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Channel-service's activity trail on the real database: each write's entry, with the channel as
 * the trail shows it (never its token, webhook secret or phone number), written with the change or,
 * for what happens at WHAPI only, once WHAPI said yes: a refused or failed write leaves none.
 */
@ChannelTest
class ActivityTrailTest {

    @Test
    void aChannelsLifeLeavesItsEntries() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 2);
        String target = "CHANNEL:" + channel;
        JsonPath created = TestActivity.newest("createChannel", target);
        assertEquals(customer, created.getString("actor"));
        assertEquals(customer, created.getString("customerId"));
        assertEquals("CREATING", created.getString("after.state"));
        assertNull(created.get("before"));

        asCustomer(customer).post("/channels/" + channel + "/sync").then().statusCode(200);
        assertEquals("ACTIVE", TestActivity.newest("syncChannel", target).getString("before.state"));
        asCustomer(customer).body(Map.of("to", "6281266660001", "type", "text", "text", "trail words")).post("/channels/" + channel + "/messages")
                .then().statusCode(201);
        assertEquals("text", TestActivity.newest("sendChannelMessage", target).getString("after.kind"));
        asCustomer(customer).post("/channels/" + channel + "/restart").then().statusCode(202);
        TestActivity.newest("restartChannel", target);
        // WHAPI refuses the logout: nothing happened, so nothing is recorded
        fault("ERROR", "POST", "/gate/users/logout", 500, 10);
        asCustomer(customer).post("/channels/" + channel + "/logout").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(500));
        assertEquals(0, TestActivity.entries(DB, "logoutChannel", target));
        ChannelTestSupport.clearFaults();
        asCustomer(customer).post("/channels/" + channel + "/logout").then().statusCode(202);
        assertEquals(1, TestActivity.entries(DB, "logoutChannel", target));
        asCustomer(customer).delete("/channels/" + channel).then().statusCode(204);
        JsonPath deleted = TestActivity.newest("deleteChannel", target);
        assertEquals("ACTIVE", deleted.getString("before.state"));
        assertEquals("DELETING", deleted.getString("after.state"));

        String trail = String.join("\n", DB.strings("select coalesce(before::text, '') || ' ' || coalesce(after::text, '') from activity"
                + " where customer_id = '" + customer + "'"));
        for (String content : List.of("6281234567890", "6281266660001", "trail words", "token", "secret")) {
            assertFalse(trail.contains(content), "the trail shows " + content + ": " + trail);
        }
    }

    @Test
    void aRefusedCreateLeavesNoEntryAndAPairingCodeIsNotedWithoutTheCode() {
        String customer = newCustomer();
        entitle(customer, 1, 10);
        String channel = createChannel(customer, "first");
        asCustomer(customer).body(Map.of("name", "second")).post("/channels").then().statusCode(409);
        assertEquals(1, DB.number("select count(*) from activity where action = 'createChannel' and customer_id = '" + customer + "'"));
        await().until(() -> DB.number("select count(*) from channel where id = '" + channel + "' and state = 'ACTIVE'") == 1);
        String code = asCustomer(customer).body(Map.of("phone", "6281266660002")).post("/channels/" + channel + "/pairing-code")
                .then().statusCode(200).extract().path("code");
        String shown = TestActivity.newest("requestPairingCode", "CHANNEL:" + channel).prettify();
        assertFalse(shown.contains(code) || shown.contains("6281266660002"), shown);
    }

    /** A write made with an API key names the key and acts as its customer; a key refused (another channel) leaves nothing. */
    @Test
    void anApiKeysWriteNamesTheKey() {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 2);
        String keyId = "key-" + java.util.UUID.randomUUID();
        String refused = app.reseller.infra.TestIdentity.apiKeyIdentity(customer, keyId, List.of("messages:send"),
                List.of(java.util.UUID.randomUUID().toString()));
        io.restassured.RestAssured.given().header("X-Reseller-Identity", refused).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("to", "6281266660003", "type", "text", "text", "by key")).post("/channels/" + channel + "/messages")
                .then().statusCode(404);
        assertEquals(0, DB.number("select count(*) from activity where api_key_id = '" + keyId + "'"));
        String allowed = app.reseller.infra.TestIdentity.apiKeyIdentity(customer, keyId, List.of("messages:send"), List.of(channel));
        io.restassured.RestAssured.given().header("X-Reseller-Identity", allowed).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("to", "6281266660003", "type", "text", "text", "by key")).post("/channels/" + channel + "/messages")
                .then().statusCode(201);
        JsonPath entry = TestActivity.newest("sendChannelMessage", "CHANNEL:" + channel);
        assertEquals(keyId, entry.getString("apiKeyId"));
        assertEquals(customer, entry.getString("actor"));
        assertEquals(customer, entry.getString("customerId"));
    }

    @Test
    void thePlatformsSettingsAndSweepsLeaveTheirEntries() {
        asAdmin().body(Map.of("partnerToken", PARTNER_TOKEN)).put("/admin/whapi/settings").then().statusCode(200);
        JsonPath settings = TestActivity.newest("updateWhapiSettings", "WHAPI_SETTINGS");
        assertFalse(settings.prettify().contains(PARTNER_TOKEN), settings.prettify());
        asAdmin().post("/admin/whapi/settings/test").then().statusCode(200);
        assertEquals(true, TestActivity.newest("testWhapiSettings", "WHAPI_SETTINGS").getBoolean("after.ok"));
        asAdmin().post("/admin/channels/reconcile").then().statusCode(200);
        assertNull(TestActivity.newest("reconcileChannels", "CHANNELS").get("customerId"));
    }
}
