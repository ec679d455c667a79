package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import app.reseller.infra.Race;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two paths writing the same rows at once, on the real database: sends racing at a TRIAL channel's
 * daily limit (the counter is locked per channel, so exactly the allowance passes), and repeats of
 * one Idempotency-Key racing each other (one message, one WHAPI call). Several rounds each.
 */
@ChannelTest
class ChannelMessageRacesTest {

    private static final int ROUNDS = 3;
    private static final int SENDERS = 8;

    @Test
    void sendsRacingAtTheTrialLimitPassExactlyTheAllowance() {
        for (int round = 0; round < ROUNDS; round++) {
            String customer = newCustomer();
            String channel = linkedChannel(customer, 1);
            // two messages are left today
            DB.execute("insert into trial_day_usage (channel_id, day, messages) values ('" + channel + "', (now() at time zone 'UTC')::date, 148)");
            List<Race.Outcome<Integer>> outcomes = Race.run(Race.copies(SENDERS, () -> asCustomer(customer)
                    .body(Map.of("to", "6281234567890", "type", "text", "text", "race")).post("/channels/" + channel + "/messages")
                    .then().extract().statusCode()));
            List<Integer> statuses = outcomes.stream().map(Race.Outcome::value).sorted().toList();
            assertEquals(2, statuses.stream().filter(s -> s == 201).count(), "round " + round + ": " + statuses);
            assertEquals(SENDERS - 2, statuses.stream().filter(s -> s == 409).count(), "round " + round + ": " + statuses);
            assertEquals(150L, DB.number("select messages from trial_day_usage where channel_id = '" + channel + "'"));
            assertEquals(2, sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/sent").then().extract()
                    .jsonPath().getList("$").size(), "WHAPI got exactly the allowance");
        }
    }

    @Test
    void repeatsOfOneIdempotencyKeyRacingEachOtherSendOneMessage() {
        for (int round = 0; round < ROUNDS; round++) {
            String customer = newCustomer();
            String channel = linkedChannel(customer, 1);
            String key = "race-" + round;
            List<Race.Outcome<Integer>> outcomes = Race.run(Race.copies(SENDERS, () -> asCustomer(customer)
                    .header("Idempotency-Key", key).body(Map.of("to", "6281234567890", "type", "text", "text", "once"))
                    .post("/channels/" + channel + "/messages").then().extract().statusCode()));
            List<Integer> statuses = outcomes.stream().map(Race.Outcome::value).sorted().toList();
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "one first send, round " + round + ": " + statuses);
            assertEquals(SENDERS - 1, statuses.stream().filter(s -> s == 200 || s == 409).count(),
                    "the others repeat it (200) or find it still sending (409): " + statuses);
            assertEquals(1L, DB.number("select count(*) from channel_message where channel_id = '" + channel + "'"));
            assertEquals(1, sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/sent").then().extract()
                    .jsonPath().getList("$").size(), "WHAPI was called once");
            // and a TRIAL channel counted it once
            assertEquals(1L, DB.number("select messages from trial_day_usage where channel_id = '" + channel + "'"));
        }
    }
}
