package app.reseller.billing;

import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExtended;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static app.reseller.billing.BillingTestSupport.balance;
import static app.reseller.billing.BillingTestSupport.consumed;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.records;
import static app.reseller.billing.BillingTestSupport.send;
import static app.reseller.billing.BillingTestSupport.strings;
import static app.reseller.billing.BillingTestSupport.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ARCHITECTURE.md invariant 4: replaying billing's consumed topic (channel.events) from offset 0
 * leaves every balance, transfer and replica row as it was and emits no event.
 */
@BillingTest
class Invariant4ReplayChangesNothingTest {

    @Test
    void replayingChannelEventsFromOffsetZeroChangesNoState() {
        String customer = unique("replay");
        String channel = customer + "-ch";
        LedgerInvariantsTest.topUpPool(100);
        LedgerInvariantsTest.allocate(customer, 40);
        publishChannelEvent(channel, ChannelCreated.TYPE, new ChannelCreated(channel, customer, "x", "trial", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from billing_channel where channel_id = '" + channel + "'") == 1);
        UUID request = ChannelSagaTest.extend(channel, 30);
        publishChannelEvent(channel, ChannelExtended.TYPE, new ChannelExtended(request, channel, 30, Instant.now().plus(30, ChronoUnit.DAYS)));
        publishChannelEvent(channel, ChannelDeleted.TYPE, new ChannelDeleted(channel, customer, 25));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("select count(*) from ledger_transfer where kind = 'REFUND' and channel_id = '" + channel + "'") == 1);

        String before = snapshot();
        long outboxBefore = number("select count(*) from outbox_event");
        List<ConsumerRecord<String, String>> all = records("channel.events", r -> true);
        // every record is seen again: a saga event as a duplicate, a message or a status as not billing's (ignored)
        double seenBefore = seen();

        for (ConsumerRecord<String, String> r : all) {
            send(new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), r.headers()));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> seen() - seenBefore >= all.size());

        assertEquals(before, snapshot(), "no balance, transfer or replica row changed");
        assertEquals(outboxBefore, number("select count(*) from outbox_event"), "no event was emitted");
        assertEquals(35, balance(Accounts.customer(customer)));
    }

    /** Every balance, every transfer and every replica row, as text. */
    private static String snapshot() {
        return String.join("\n", strings("select id || '=' || balance from ledger_account order by id"))
                + String.join("\n", strings("select id || ':' || kind || ':' || days || ':' || status from ledger_transfer order by id"))
                + String.join("\n", strings("select channel_id || ':' || coalesce(active_till::text, '-') || ':' || deleted from billing_channel order by 1"));
    }

    private static double seen() {
        return consumed("applied") + consumed("duplicate") + consumed("ignored");
    }
}
