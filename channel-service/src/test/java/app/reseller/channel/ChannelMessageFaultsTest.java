package app.reseller.channel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.clearFaults;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.fault;
import static app.reseller.channel.ChannelTestSupport.latency;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.channel.ChannelTestSupport.wire;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * WHAPI's send slow, refusing, failing, answered never and answered lost: a send is never repeated
 * behind the customer's back (one call each), a refusal is FAILED and gives the TRIAL allowance
 * back, and an unknown outcome is UNCONFIRMED, kept for the customer to look at.
 */
@ChannelTest
class ChannelMessageFaultsTest {

    @AfterEach
    void noFaults() {
        clearFaults();
    }

    @Test
    void aSlowWhapiStillSends() {
        Sender s = sender();
        latency("POST", "/gate/messages/text", 1500, 1);
        s.send().then().statusCode(201).body("status", is("ACCEPTED"));
        assertEquals(1, s.callsToWhapi());
    }

    @Test
    void aRefusalIsFailedAndGivesTheTrialMessageBack() {
        Sender s = sender();
        fault("ERROR", "POST", "/gate/messages/text", 400, 1);
        s.send().then().statusCode(422).contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:message-refused")).body("messageId", notNullValue());
        assertEquals(List.of("FAILED"), DB.strings("select status from channel_message where channel_id = '" + s.channel + "'"));
        assertEquals(0L, DB.number("select coalesce(sum(messages), 0) from trial_day_usage where channel_id = '" + s.channel + "'"));
        assertEquals(1, s.callsToWhapi(), "a 4xx is never retried");
    }

    @Test
    void aFailingWhapiIsNotRetriedAndTheMessageIsUnconfirmed() {
        Sender s = sender();
        fault("ERROR", "POST", "/gate/messages/text", 503, 3);
        s.send().then().statusCode(504).body("type", is("urn:reseller:problem:message-outcome-unknown"));
        assertEquals(List.of("UNCONFIRMED"), DB.strings("select status from channel_message where channel_id = '" + s.channel + "'"));
        assertEquals(1, s.callsToWhapi(), "a send is not idempotent at WHAPI: never repeated blindly");
    }

    @Test
    void anAnswerLostAfterWhapiSentItLeavesItUnconfirmedNotSentTwice() {
        Sender s = sender();
        fault("LOST_ANSWER", "POST", "/gate/messages/text", null, 1);
        s.send().then().statusCode(504).body("type", is("urn:reseller:problem:message-outcome-unknown"));
        assertEquals(1, sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(s.channel) + "/sent").then().extract()
                .jsonPath().getList("$").size(), "WHAPI did send it, once");
        assertEquals(List.of("UNCONFIRMED"), DB.strings("select status from channel_message where channel_id = '" + s.channel + "'"));
        // the customer's repeat with the same key answers the unconfirmed message and sends nothing more
        s.send().then().statusCode(200).body("status", is("UNCONFIRMED"));
        assertEquals(1, s.callsToWhapi());
    }

    @Test
    void aWhapiThatNeverAnswersLeavesItUnconfirmed() {
        Sender s = sender();
        fault("TIMEOUT", "POST", "/gate/messages/text", null, 1); // held, then the connection is dropped
        s.send().then().statusCode(504);
        assertEquals(List.of("UNCONFIRMED"), DB.strings("select status from channel_message where channel_id = '" + s.channel + "'"));
        assertEquals(1, s.callsToWhapi());
    }

    @Test
    void restartAndLogoutAgainstAFailingWhapiAreProblems() {
        Sender s = sender();
        fault("ERROR", "POST", "/manager/channels/" + whapiIdOf(s.channel) + "/restart", 503, 1);
        asCustomer(s.customer).post("/channels/" + s.channel + "/restart").then().statusCode(503)
                .body("type", is("urn:reseller:problem:whapi-unavailable"));
        fault("ERROR", "POST", "/gate/users/logout", 503, 5);
        asCustomer(s.customer).post("/channels/" + s.channel + "/logout").then().statusCode(503);
    }

    private record Sender(String customer, String channel) {
        io.restassured.response.Response send() {
            return asCustomer(customer).header("Idempotency-Key", "fault-" + channel)
                    .body(Map.of("to", "6281234567890", "type", "text", "text", "hi")).post("/channels/" + channel + "/messages");
        }

        /** Sends WHAPI got since the sender was made (the wire is cleared then; the suites run one test at a time). */
        long callsToWhapi() {
            return wire().count(e -> e.method().equals("POST") && e.path().equals("/gate/messages/text"));
        }
    }

    private static Sender sender() {
        String customer = newCustomer();
        entitle(customer, 1, 10);
        String channel = createChannel(customer, "faults");
        await().until(() -> DB.number("select count(*) from channel where id = '" + channel + "' and webhooks_configured") == 1);
        sandbox().post("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/login").then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "AUTH".equals(asCustomer(customer).get("/channels/" + channel)
                .then().extract().path("linkStatus")));
        wire().clear();
        return new Sender(customer, channel);
    }
}
