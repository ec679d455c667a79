package app.reseller.billing.races;

import app.reseller.billing.Accounts;
import app.reseller.billing.BillingTest;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtensionFailed;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.send;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.billing.races.Ledger.allocate;
import static app.reseller.billing.races.Ledger.channelCreated;
import static app.reseller.billing.races.Ledger.customerBalance;
import static app.reseller.billing.races.Ledger.reserveExtension;
import static app.reseller.billing.races.Ledger.topUpPool;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Invariant 1 under the saga's races: a refund returns at most what was confirmed paid on the
 * channel and not yet refunded. Reserved days and trial days never become the customer's.
 */
@BillingTest
class RefundNeverExceedsConfirmedPaidDaysTest {

    private static final int ROUNDS = 20;

    /**
     * Seen: 40 days, a TRIAL channel, an admin extension of 20 in flight when the channel is
     * deleted; the extension fails (20 released) and WHAPI's 4 unused trial days were refunded on
     * top: 44. Every order in which the two outcomes can reach billing, delivered twice, ends at 40.
     */
    @Test
    void aDeleteRacingAnOpenExtensionCreatesNoDays() {
        topUpPool(40 * ROUNDS * 2);
        for (int round = 0; round < ROUNDS; round++) {
            String customer = unique("refund-race");
            String channel = customer + "-ch";
            allocate(customer, 40);
            channelCreated(channel, customer);
            UUID request = reserveExtension(channel, 20);
            assertEquals(20, customerBalance(customer));

            List<ProducerRecord<String, String>> outcome = new ArrayList<>();
            ProducerRecord<String, String> failed = event(channel, ChannelExtensionFailed.TYPE,
                    new ChannelExtensionFailed(request, channel, "the channel was deleted", false));
            ProducerRecord<String, String> deleted = event(channel, ChannelDeleted.TYPE, new ChannelDeleted(channel, customer, 4));
            // even rounds: the delete reached billing first (the old order); odd rounds: the settled extension first
            outcome.add(round % 2 == 0 ? deleted : failed);
            outcome.add(round % 2 == 0 ? failed : deleted);
            outcome.forEach(r -> { send(r); send(r); });

            await().atMost(Duration.ofSeconds(30)).until(() -> number("select count(*) from ledger_transfer where kind = 'RELEASE' "
                    + "and channel_id = '" + channel + "'") == 1 && number("select count(*) from billing_channel where channel_id = '"
                    + channel + "' and deleted") == 1);
            awaitSettled(channel);
            assertEquals(40, customerBalance(customer), "round " + round + ": the customer holds the 40 days it had, no more");
            assertEquals(0, balance(Accounts.channel(channel)), "round " + round + ": nothing is left on the channel");
            assertEquals(0, number("select count(*) from ledger_transfer where kind = 'REFUND' and channel_id = '" + channel + "'"),
                    "round " + round + ": trial days are not refunded");
        }
    }

    /** A confirmed extension is refunded (its unused part), the trial days are not, and a second delete refunds nothing more. */
    @Test
    void aConfirmedExtensionIsRefundedOnceWithoutTheTrialDays() {
        topUpPool(40 * ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            String customer = unique("refund-paid");
            String channel = customer + "-ch";
            allocate(customer, 40);
            channelCreated(channel, customer);
            UUID request = reserveExtension(channel, 20);
            publishChannelEvent(channel, ChannelExtended.TYPE, new ChannelExtended(request, channel, 20,
                    Instant.now().plus(Duration.ofDays(24))));
            // WHAPI reports 24 unused days (20 paid + 4 trial); a second, different ChannelDeleted claims them again
            publishChannelEvent(channel, ChannelDeleted.TYPE, new ChannelDeleted(channel, customer, 24));
            publishChannelEvent(channel, ChannelDeleted.TYPE, new ChannelDeleted(channel, customer, 24));
            await().atMost(Duration.ofSeconds(30)).until(() -> number("select count(*) from ledger_transfer where kind = 'REFUND' "
                    + "and channel_id = '" + channel + "'") == 1);
            awaitSettled(channel);
            assertEquals(40, customerBalance(customer), "round " + round + ": 20 left + 20 refunded");
            assertEquals(20, number("select days from ledger_transfer where kind = 'REFUND' and channel_id = '" + channel + "'"));
        }
    }

    private static ProducerRecord<String, String> event(String channel, String type, Object payload) {
        return app.reseller.infra.TestEvents.cloudEvent("channel.events", channel, type, "/reseller/channel-service",
                json(payload));
    }

    private static String json(Object payload) {
        try {
            return app.reseller.billing.BillingTestSupport.JSON.writeValueAsString(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every copy consumed: a sentinel event of the same key (one partition, in order) has been applied after them. */
    private static void awaitSettled(String channel) {
        ProducerRecord<String, String> sentinel = publishChannelEvent(channel, ChannelExtended.TYPE,
                new ChannelExtended(UUID.randomUUID(), channel, 1, Instant.now()));
        String id = header(sentinel, "ce_id");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from processed_event where event_id = '" + id + "'") == 1);
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
