package app.reseller.channel;

import app.reseller.infra.RecordingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static app.reseller.channel.ChannelTestResource.PARTNER_TOKEN;
import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.channel.ChannelTestSupport.wire;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariant 6: the partner token and channel tokens are encrypted at rest, write-only through the
 * API (masked reads), never logged, and sent with exactly one "Bearer " prefix; a new token is used
 * by the very next call.
 */
@ChannelTest
class Invariant6CredentialsNeverLeakTest extends CleanWhapiPerTest {

    @AfterEach
    void restoreTheWorkingToken() {
        asAdmin().body(Map.of("partnerToken", PARTNER_TOKEN)).put("/admin/whapi/settings").then().statusCode(200);
    }

    @Test
    void tokensAppearInNoAnswerNoLogLineAndNoPlainColumn() throws Exception {
        List<String> answers = new ArrayList<>();
        // stored WITH its prefix, as the customer's documents keep it
        answers.add(asAdmin().body(Map.of("partnerToken", "Bearer " + PARTNER_TOKEN, "projectId", "HPN0H0hFDL1GFg154PI"))
                .put("/admin/whapi/settings").then().statusCode(200)
                .body("partnerToken", is("Bearer san…ken")).body("updatedBy", org.hamcrest.Matchers.startsWith("admin")).extract().asString());
        answers.add(asAdmin().get("/admin/whapi/settings").then().statusCode(200)
                .body("partnerToken", is("Bearer san…ken")).body("source", is("admin")).extract().asString());
        answers.add(asAdmin().post("/admin/whapi/settings/test").then().statusCode(200).body("ok", is(true)).extract().asString());

        String customer = newCustomer();
        entitle(customer, 2, 10);
        wire().clear();
        var created = asCustomer(customer).body(Map.of("name", "secret keeper", "phone", "6281234567890")).post("/channels")
                .then().statusCode(201).extract();
        answers.add(created.asString());
        String channelId = created.path("id");
        answers.add(asCustomer(customer).get("/channels/" + channelId).then().statusCode(200).extract().asString());
        answers.add(asCustomer(customer).get("/channels").then().statusCode(200).extract().asString());
        answers.add(asCustomer(customer).get("/channels/" + channelId + "/qr").then().statusCode(200).extract().asString());
        answers.add(asCustomer(customer).post("/channels/" + channelId + "/sync").then().statusCode(200).extract().asString());

        // the channel token WHAPI handed out, as it went over the wire
        String whapiId = whapiIdOf(channelId);
        RecordingProxy.Exchange creation = wire().exchanges().stream()
                .filter(e -> e.method().equals("PUT") && e.path().equals("/manager/channels")).findFirst().orElseThrow();
        String channelToken = ChannelTestSupport.JSON.readTree(creation.responseText()).get("token").asText();
        assertEquals(32, channelToken.length());

        // exactly one "Bearer " prefix on every call, partner token to the manager, channel token to the gate.
        // The health poller of other tests' channels (each its own channel token, every 30 s) may reach the
        // gate meanwhile (seen in CI): such a call is a GET /health with one prefix and a token of its own.
        String thisChannel = "Bearer " + channelToken;
        for (RecordingProxy.Exchange e : wire().exchanges()) {
            String what = e.method() + " " + e.path();
            String sent = String.valueOf(e.header("Authorization")); // "null" if none: fails every check below
            if (e.path().startsWith("/manager")) {
                assertEquals("Bearer " + PARTNER_TOKEN, sent, what);
            } else if (!sent.equals(thisChannel)) {
                assertTrue(what.startsWith("GET /gate/health"), "another channel's token on a call of this test: " + what);
                assertTrue(sent.matches("Bearer [A-Za-z0-9]{32}"), "one prefix on another channel's health poll: " + sent);
            }
        }
        assertTrue(wire().count(e -> e.path().startsWith("/gate") && !e.path().startsWith("/gate/health")
                && thisChannel.equals(e.header("Authorization"))) >= 2,
                "the gate was called with this channel's token (webhook settings, QR)");

        for (String answer : answers) {
            assertFalse(answer.contains(PARTNER_TOKEN), "an API answer shows the partner token: " + answer);
            assertFalse(answer.contains(channelToken), "an API answer shows the channel token: " + answer);
            assertFalse(answer.contains(whapiId), "an API answer shows WHAPI's channel id: " + answer);
        }

        String tables = DB.dumpAllTables();
        assertTrue(tables.contains(channelId), "the dump covers the channel table");
        assertFalse(tables.contains(PARTNER_TOKEN), "the partner token is stored in plain");
        assertFalse(tables.contains(channelToken), "a channel token is stored in plain");

        String log = Files.readString(Path.of("target/channel-service-test.log"));
        assertTrue(log.contains(channelId), "the captured log covers this test's requests");
        assertFalse(log.contains(PARTNER_TOKEN), "the partner token was logged");
        assertFalse(log.contains(channelToken), "a channel token was logged");
    }

    @Test
    void aRotatedTokenIsUsedByTheVeryNextCall() {
        String customer = newCustomer();
        entitle(customer, 2, 10);
        String channelId = ChannelTestSupport.createChannel(customer, "rotation");

        asAdmin().body(Map.of("partnerToken", "a-revoked-partner-token")).put("/admin/whapi/settings").then().statusCode(200)
                .body("partnerToken", is("Bearer a-r…ken"));
        wire().clear();
        asCustomer(customer).post("/channels/" + channelId + "/sync").then().statusCode(502)
                .contentType("application/problem+json").body("title", is("WHAPI refused the partner token"));
        assertEquals("Bearer a-revoked-partner-token", firstManagerCall().header("Authorization"));
        asAdmin().post("/admin/whapi/settings/test").then().statusCode(200).body("ok", is(false));

        // the right one again, this time typed without its prefix: one prefix is still sent
        asAdmin().body(Map.of("partnerToken", PARTNER_TOKEN)).put("/admin/whapi/settings").then().statusCode(200);
        wire().clear();
        asCustomer(customer).post("/channels/" + channelId + "/sync").then().statusCode(200);
        assertEquals("Bearer " + PARTNER_TOKEN, firstManagerCall().header("Authorization"));
    }

    /**
     * The sync's call to WHAPI's manager API (partner token). Not simply the first call on the wire:
     * a health poll of another channel (its own channel token, every 30 s) may come first (seen in CI).
     */
    private static app.reseller.infra.RecordingProxy.Exchange firstManagerCall() {
        return wire().exchanges().stream().filter(e -> e.path().startsWith("/manager")).findFirst().orElseThrow();
    }
}
